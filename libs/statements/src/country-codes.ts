import { iso31661, iso31663 } from 'iso-3166';

/**
 * Upper-case alpha-3 codes a statement may name: current ISO 3166-1 codes, former
 * countries' codes from ISO 3166-3 (SUN, YUG, CSK, DDR, …), and XKX for Kosovo.
 */
const CODES: ReadonlySet<string> = new Set([
  ...iso31661.map((country) => country.alpha3),
  ...iso31663.map((change) => change.from.alpha3),
  'XKX',
]);

export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && CODES.has(code);
}
