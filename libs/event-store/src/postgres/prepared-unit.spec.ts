import { storableJson } from './prepared-unit.js';

describe('storable JSON', () => {
  test.each([
    ['U+0000 in a string', { quote: 'a\u0000b' }],
    ['U+0000 in a key', { ['k\u0000']: 1 }],
    ['a lone high surrogate', { quote: 'x\uD83Dy' }],
    ['a lone low surrogate at the end', ['\uDE00']],
    ['U+0000 after an escaped backslash', { quote: '\\\u0000' }],
  ])('refuses %s', (_, value) => {
    expect(() => storableJson(value, 'data')).toThrow(/must not contain U\+0000 or unpaired surrogates/);
  });

  test.each([
    ['paired surrogates', { flag: '🇰🇷', key: { ['😀']: true } }],
    ['the text of an escape', { quote: '\\u0000 \\ud83d \\\\u0000' }],
  ])('keeps %s as given', (_, value) => {
    expect(storableJson(value, 'data')).toEqual(value);
  });

  test('is the value as JSON stores it', () => {
    expect(storableJson({ at: new Date('2026-11-23T10:00:00Z'), gone: undefined, n: 1e21 }, 'data')).toEqual({ at: '2026-11-23T10:00:00.000Z', n: 1e21 });
  });
});
