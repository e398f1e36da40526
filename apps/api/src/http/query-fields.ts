import { actorSlugSchema, isCameoCode, isCountryCode, TOPIC_SLUG } from '@app/statements';
import { z } from 'zod';
import { instant, integer } from './query.js';

/** Query parameters shared by several endpoints, validated as the body fields are. */
export const countryParam = z.string().refine((code) => isCountryCode(code), 'expected an upper-case ISO 3166-1 alpha-3 code (or ISO 3166-3, XKX)');
export const topicParam = z.string().regex(TOPIC_SLUG, 'expected a topic slug').max(64, 'at most 64 characters');
/** A country (its government) or a registered actor: an upper-case code or an actor's slug — never both. */
const isHolder = (value: string) => isCountryCode(value) || actorSlugSchema.safeParse(value).success;
export const holderParam = z.string().refine(isHolder, "expected a country code or an actor's slug");
/** A country code or an actor's slug, or `none` for statements with no target (→ null). */
export const targetParam = z
  .string()
  .refine((value) => value === 'none' || isHolder(value), "expected a country code, an actor's slug or none")
  .transform((value) => (value === 'none' ? null : value));
export const uuidParam = z.uuid('expected a UUID');
export const minLogPositionParam = integer(0, Number.MAX_SAFE_INTEGER);
export const asOfParam = instant('end').optional();
export const knownAtParam = instant('end').optional();

/** The longest free-text filter (`person`, `publisher`, `recordedBy`, `q`). */
export const FILTER_TEXT_MAX = 500;

/** Free text to match: 1–500 characters, no control characters (PostgreSQL refuses a NUL in text, and no field holds one). */
export const filterTextParam = z
  .string()
  .min(1, 'must not be empty')
  .max(FILTER_TEXT_MAX, `at most ${FILTER_TEXT_MAX} characters`)
  // eslint-disable-next-line no-control-regex
  .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'must not contain control characters');
export const cameoCodeParam = z.string().refine(isCameoCode, 'expected a code of the CAMEO event codebook, with its leading zeros (e.g. 0312)');

/** An enumerated filter: one of `values`, or a comma list of them (any of them matches), answered as the distinct values. */
export function enumListParam<T extends string>(values: readonly T[]) {
  const known: ReadonlySet<string> = new Set(values);
  return z.string().transform((text, context): T[] => {
    const items = text.split(',');
    const unknown = items.find((item) => !known.has(item));
    if (unknown === undefined) return [...new Set(items as T[])];
    context.addIssue({ code: 'custom', message: `${JSON.stringify(unknown)} is not one of ${values.join(', ')} (a comma list of them)` });
    return z.NEVER;
  });
}

/** The parameters of endpoints that take only `minLogPosition`. */
export const MIN_LOG_POSITION_QUERY = z.object({ minLogPosition: minLogPositionParam });
