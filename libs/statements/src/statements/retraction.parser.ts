import type { Parsed } from '../validation/field-error.js';
import { parseObject, required } from '../validation/object-shape.js';
import { reasonRule } from '../values/free-text.value.js';

/** A retraction, as sent: `{ reason }`. */
export function parseRetraction(body: unknown): Parsed<{ reason: string }> {
  return parseObject<{ reason: string }>(body, { reason: required(reasonRule) }, 'whole');
}
