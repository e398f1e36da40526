import type { Parsed } from '../validation/field-error.js';
import { parseObject, required } from '../validation/object-shape.js';
import { reasonRule } from '../values/free-text.value.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import type { StatementChanges } from './statement-content.types.js';
import { statementContentSchema } from './statement.schema.js';

export interface CorrectionInput {
  changes: StatementChanges;
  reason: string;
}

/**
 * A correction, as sent: `{ changes, reason }`. Each field the patch
 * sends is checked by its rule (errors under /changes/…); a field outside the content, or
 * null for a required one, is an error at its pointer. With `now`, a patched statedAt is
 * bounded by the end of tomorrow here; without, that bound waits for decide (which has
 * the command's `now`). decide also re-validates the merged result in full.
 */
export function parseCorrection(body: unknown, now: Date | null = null): Parsed<CorrectionInput> {
  return parseObject<CorrectionInput>(
    body,
    { changes: { required: true, patchOf: objectShapeOf(statementContentSchema, now) }, reason: required(reasonRule) },
    'whole',
  );
}
