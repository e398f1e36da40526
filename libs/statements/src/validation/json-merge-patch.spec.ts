import { mergePatch, mergePatchBetween } from './json-merge-patch.js';

// RFC 7396, Appendix A: every example, target → patch → result.
const RFC_7396_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('JSON merge patch (RFC 7396)', () => {
  it.each(RFC_7396_EXAMPLES)('%j patched with %j is %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });

  it('leaves the target untouched', () => {
    const target = { actor: { country: 'KOR', body: 'NSO' } };
    mergePatch(target, { actor: { body: null } });
    expect(target).toEqual({ actor: { country: 'KOR', body: 'NSO' } });
  });

  it('treats a "__proto__" key as a plain key', () => {
    const merged = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the merge patch between two values', () => {
  const kim = {
    actor: { country: 'KOR', body: 'NSO', person: 'Kim Tae-hyo', role: null },
    holder: 'KOR',
    sources: [{ url: 'https://a.example', publishedAt: null }],
  };

  it('is undefined when nothing differs, nulls and absent keys alike', () => {
    expect(mergePatchBetween(kim, structuredClone(kim))).toBeUndefined();
    expect(mergePatchBetween({ a: null, b: 1 }, { b: 1 })).toBeUndefined();
  });

  it('names only what changed, nested objects key by key, arrays whole, removals as null', () => {
    const target = {
      actor: { country: 'KOR', body: 'NSO', person: null, role: null },
      holder: 'aukus',
      sources: [{ url: 'https://a.example', publishedAt: '2024-11' }],
    };
    const patch = mergePatchBetween(kim, target);
    expect(patch).toEqual({ actor: { person: null }, holder: 'aukus', sources: [{ url: 'https://a.example', publishedAt: '2024-11' }] });
    expect(mergePatch(kim, patch)).toEqual({ actor: { country: 'KOR', body: 'NSO', role: null }, holder: 'aukus', sources: target.sources });
  });

  it('sends a whole object where the source had none', () => {
    expect(mergePatchBetween({ a: 1 }, { a: 1, b: { c: 2 } })).toEqual({ b: { c: 2 } });
  });
});
