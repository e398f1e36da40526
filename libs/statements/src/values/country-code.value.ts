// The package's per-part modules: its index would also load every ISO 3166-2 subdivision.
import { iso31661 } from 'iso-3166/1.js';
import { iso31663 } from 'iso-3166/3.js';
import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

/** Kosovo: not in ISO 3166-1, but the user-assigned code in common use (EU, IMF, World Bank). */
const KOSOVO = 'XKX';

/**
 * Every code a statement may name: current ISO 3166-1 alpha-3 codes, and the alpha-3 codes
 * of former countries from ISO 3166-3 (SUN, YUG, CSK, DDR, …, and SCG, which ISO 3166-3
 * lists only as a successor of YUG before it split in turn).
 */
const COUNTRY_CODES: ReadonlySet<string> = new Set([
  ...iso31661.map((country) => country.alpha3),
  ...iso31663.flatMap((change) => [change.from.alpha3, ...change.to.map((successor) => successor.alpha3)]),
  KOSOVO,
]);

/** One code a statement may name, as the reference list answers it. */
export interface CountryReference {
  code: string;
  name: string;
  /** True for a former country's code (ISO 3166-3, and SCG): no longer assigned in ISO 3166-1. */
  former: boolean;
}

let reference: readonly CountryReference[] | null = null;

/** Every code `isCountryCode` accepts, with its name, by code (built on first use). */
export function countryReference(): readonly CountryReference[] {
  if (!reference) {
    const byCode = new Map<string, CountryReference>();
    for (const country of iso31661) byCode.set(country.alpha3, { code: country.alpha3, name: country.name, former: false });
    byCode.set(KOSOVO, { code: KOSOVO, name: 'Kosovo', former: false });
    for (const change of iso31663) {
      for (const country of [change.from, ...change.to]) {
        if (!byCode.has(country.alpha3)) byCode.set(country.alpha3, { code: country.alpha3, name: country.name, former: true });
      }
    }
    reference = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  }
  return reference;
}

/** An upper-case ISO 3166-1 alpha-3 code, a former country's code (ISO 3166-3), or XKX. */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && COUNTRY_CODES.has(code);
}

export const countryCodeRule = textRule({ max: 16 }, (code) => {
  if (COUNTRY_CODES.has(code)) return accept(code);
  if (COUNTRY_CODES.has(code.toUpperCase())) return refuse(`country codes are upper-case: ${code.toUpperCase()}`);
  return refuse('expected an upper-case ISO 3166-1 alpha-3 country code (a current one, a former one from ISO 3166-3, or XKX)');
});

export const countryCodeSchema = valueSchema(
  countryCodeRule,
  {
    type: 'string',
    pattern: '^[A-Z]{3}$',
    description:
      "Upper-case ISO 3166-1 alpha-3 code: a current code, a former country's code from ISO 3166-3 (SUN, YUG, CSK, DDR, …) or XKX (Kosovo). Other three-letter strings are refused.",
    examples: ['KOR'],
  },
  'CountryCode',
);
