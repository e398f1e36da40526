import { isCountryCode, TOPIC_SLUG } from '@app/statements';
import { z } from 'zod';
import { instant, integer } from './query.js';

/** Query parameters shared by several endpoints, validated as the body fields are. */
export const countryParam = z.string().refine((code) => isCountryCode(code), 'expected an upper-case ISO 3166-1 alpha-3 code (or ISO 3166-3, XKX)');
export const topicParam = z.string().regex(TOPIC_SLUG, 'expected a topic slug').max(64, 'at most 64 characters');
/** A country code, or `none` for statements with no target (→ null). */
export const targetParam = z
  .string()
  .refine((code) => code === 'none' || isCountryCode(code), 'expected a country code or none')
  .transform((code) => (code === 'none' ? null : code));
export const uuidParam = z.uuid('expected a UUID');
export const minLogPositionParam = integer(0, Number.MAX_SAFE_INTEGER);
export const asOfParam = instant('end').optional();
export const knownAtParam = instant('end').optional();

/** The parameters of endpoints that take only `minLogPosition`. */
export const MIN_LOG_POSITION_QUERY = z.object({ minLogPosition: minLogPositionParam });
