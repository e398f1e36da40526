import { countryCodeRule, countryReference, isCountryCode } from './country-code.value.js';

describe('country codes', () => {
  it.each(['KOR', 'CHN', 'JPN', 'USA', 'GBR', 'AUS', 'NZL', 'CAN', 'SSD'])('accept the current ISO 3166-1 code %s', (code) => {
    expect(countryCodeRule(code)).toEqual({ ok: true, value: code });
  });

  it.each(['SUN', 'YUG', 'CSK', 'DDR', 'SCG', 'ZAR', 'BUR'])('accept the former country %s (ISO 3166-3)', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it('accept XKX for Kosovo', () => {
    expect(countryCodeRule('XKX')).toEqual({ ok: true, value: 'XKX' });
  });

  it('refuse lower case, and say how to write it', () => {
    expect(countryCodeRule('kor')).toEqual({ ok: false, detail: 'country codes are upper-case: KOR' });
  });

  it.each(['KR', 'KOREA', 'ZZZ', 'EUR', 'XKK', ''])('refuse %j', (code) => {
    expect(countryCodeRule(code)).toEqual({ ok: false, detail: expect.stringContaining('ISO 3166-1 alpha-3') });
  });

  it('refuse non-strings', () => {
    expect(countryCodeRule(410)).toEqual({ ok: false, detail: 'expected a string' });
    expect(isCountryCode(null)).toBe(false);
  });

  it('are listed for clients, each once, by code: current ones, XKX, and the former ones marked', () => {
    const list = countryReference();
    expect(list.every(({ code }) => isCountryCode(code))).toBe(true);
    expect(new Set(list.map(({ code }) => code)).size).toBe(list.length);
    expect(list.map(({ code }) => code)).toEqual([...list.map(({ code }) => code)].sort());
    const byCode = new Map(list.map((country) => [country.code, country]));
    expect(byCode.get('KOR')).toMatchObject({ former: false, name: expect.stringContaining('Korea') });
    expect(byCode.get('XKX')).toEqual({ code: 'XKX', name: 'Kosovo', former: false });
    for (const code of ['SUN', 'YUG', 'CSK', 'DDR', 'SCG']) expect([code, byCode.get(code)?.former]).toEqual([code, true]);
  });
});
