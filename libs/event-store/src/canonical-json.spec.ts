import { prng } from '@app/testing';
import reference from 'canonicalize';
import { canonicalize } from './canonical-json.js';

const STRINGS = [
  '',
  'a',
  'AUKUS Pillar II — partnership',
  '한국어 발표',
  '\u0000\u001f"\\/\b\f\n\r\t',
  '😀 emoji',
  'é',
  '\u2028\u2029',
  'z',
  'A',
  '_',
  '10',
  '1',
];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 2 ** 53, -(2 ** 53) - 2, 5e-324, 1.7976931348623157e308, 3.14159, 100, 1e20];

function value(random: () => number, depth: number): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const kind = depth > 4 ? Math.floor(random() * 4) : Math.floor(random() * 7);
  if (kind === 0) return pick(STRINGS);
  if (kind === 1) return pick(NUMBERS);
  if (kind === 2) return pick([true, false, null]);
  if (kind === 3) return pick([undefined, new Date(Date.UTC(2026, 11, 3, 9, 30))]);
  if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 6); i > 0; i--) object[pick(STRINGS) + pick(['', 'x', 'é', '😀'])] = value(random, depth + 1);
  return object;
}

describe('canonical JSON (RFC 8785)', () => {
  test('writes exactly what the canonicalize package writes, for thousands of values of every kind', () => {
    const random = prng(18);
    for (let i = 0; i < 5000; i++) {
      const given = value(random, 0);
      expect(canonicalize(given)).toBe(reference(given));
    }
  });

  test('and for the odd cases: toJSON, members and items with no JSON form, holes, a statement as stored', () => {
    const odd: unknown[] = [
      { toJSON: () => ({ b: 1, a: [2, 'x'] }) },
      { a: undefined, b: Symbol('s'), c: () => 1, d: 1 },
      [undefined, Symbol('s'), () => 1, 1],
      // eslint-disable-next-line no-sparse-arrays -- a hole, as the package's map() leaves it
      [1, , 3],
      undefined,
      { '\u00e9': 1, e: 2, E: 3, '\u{1f600}': 4, '\uff01': 5 },
      { statementId: '5b0f3f8e-2a47-4a8e-9f0e-0c7d2f6a1b3c', quote: null, sources: [{ url: 'https://example.org/a', publisher: 'Yonhap' }], revision: 0 },
    ];
    for (const given of odd) expect(canonicalize(given)).toBe(reference(given));
  });

  test('refuses what the package refuses: NaN, Infinity, a lone surrogate (as a value or a key), a cycle, a BigInt', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    const refused: unknown[] = [NaN, Infinity, -Infinity, { a: [1, NaN] }, '\ud800', { ['\udc00']: 1 }, ['a\ud83d'], cycle, { n: 1n }];
    for (const given of refused) {
      expect(() => reference(given)).toThrow();
      expect(() => canonicalize(given)).toThrow();
    }
    // The same object twice, side by side, is no cycle.
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: [shared] })).toBe(reference({ a: shared, b: [shared] }));
  });
});
