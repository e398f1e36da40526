import { codePoints, textProblem, textRule } from './text.rules.js';

const ASTRAL = '😀'; // one code point, two UTF-16 units

describe('strings', () => {
  it('are measured in code points, so an emoji counts once', () => {
    expect(ASTRAL.length).toBe(2);
    expect(codePoints(ASTRAL.repeat(200))).toBe(200);
    expect(codePoints('Kim Tae-hyo')).toBe(11);
  });

  it('accept exactly the maximum in astral characters and refuse one more', () => {
    const rule = textRule({ max: 200 });
    expect(rule(ASTRAL.repeat(200))).toEqual({ ok: true, value: ASTRAL.repeat(200) });
    expect(rule(ASTRAL.repeat(201))).toEqual({ ok: false, detail: expect.stringContaining('at most 200') });
  });

  it('refuse U+0000 anywhere', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain U+0000');
    expect(textRule({ max: 10 })('\u0000')).toEqual({ ok: false, detail: 'must not contain U+0000' });
  });

  it.each([
    ['a lone high surrogate', 'a\uD83D'],
    ['a lone low surrogate', '\uDE00b'],
    ['a reversed pair', '\uDE00\uD83D'],
  ])('refuse %s', (_, text) => {
    expect(textProblem(text)).toBe('must not contain unpaired surrogates');
  });

  it('accept well-formed text, paired surrogates included', () => {
    expect(textProblem(`Seoul ${ASTRAL} 서울`)).toBeNull();
  });

  it('enforce a minimum and refuse non-strings', () => {
    const rule = textRule({ min: 1, max: 200 });
    expect(rule('')).toEqual({ ok: false, detail: 'must not be empty' });
    expect(rule(42)).toEqual({ ok: false, detail: 'expected a string' });
  });
});
