import { isCountryCode } from '@app/statements';

/** A holder is a country's government (an upper-case code) or a registered actor (a lower-case slug; never a code in any case). */
export const isCountryHolder = (holder: string): boolean => isCountryCode(holder);

/** The stance's `country`: its holder when a country, else null (a v1 client's `country` keeps meaning a government). */
export const countryOfHolder = (holder: string): string | null => (isCountryHolder(holder) ? holder : null);
