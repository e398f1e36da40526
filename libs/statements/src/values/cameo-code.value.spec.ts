import { parseCameoCodebook } from './cameo-codebook.js';
import { cameoCodeRule, cameoEvent, goldstein, isCameoCode, quadClass } from './cameo-code.value.js';
import { cameoCodebook } from './cameo-codebook.js';

describe('CAMEO codes', () => {
  it('come from the shipped codebook: 311 codes', () => {
    expect(cameoCodebook().size).toBe(311);
  });

  it('keep their leading zeros: "0312" is a code, 312 is not', () => {
    expect(cameoCodeRule('0312')).toEqual({ ok: true, value: '0312' });
    expect(isCameoCode('312')).toBe(false);
    expect(cameoCodeRule(312)).toEqual({ ok: false, detail: expect.stringContaining('leading zeros') });
  });

  it.each(['999', '', '03120', 'abc'])('refuse %j, which the codebook does not have', (code) => {
    expect(cameoCodeRule(code)).toEqual({ ok: false, detail: expect.stringContaining('CAMEO event codebook') });
  });

  it('give the Goldstein value and quad class of a code', () => {
    expect(goldstein('0312')).toBe(5.2);
    expect(quadClass('0312')).toBe(1);
    expect(goldstein('2042')).toBe(-10);
    expect(quadClass('2042')).toBe(4);
    expect(cameoEvent('111')).toEqual({ code: '111', description: expect.any(String), goldstein: expect.any(Number), quadClass: 3 });
  });

  it('give null for what is not a code', () => {
    expect(goldstein('999')).toBeNull();
    expect(quadClass('999')).toBeNull();
  });

  it('refuse a corrupted codebook file rather than validate against it', () => {
    const header = 'code\tdescription\tgoldstein\tquad_class';
    expect(() => parseCameoCodebook(`${header}\n01\tMake public statement\t0.0\t5`)).toThrow('line 2');
    expect(() => parseCameoCodebook(`${header}\n01\tA\t0.0\t1\n01\tB\t0.0\t1`)).toThrow('line 3');
    expect(() => parseCameoCodebook('code,description\n01,A')).toThrow('header');
    expect(parseCameoCodebook(`${header}\r\n01\tA\t-0.1\t1\r\n`).get('01')).toEqual({ code: '01', description: 'A', goldstein: -0.1, quadClass: 1 });
  });
});
