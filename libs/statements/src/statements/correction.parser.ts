import type { Parsed } from '../validation/field-error.js';
import { parseObject, required } from '../validation/object-shape.js';
import { reasonRule } from '../values/free-text.value.js';
import { onePrimarySource, statementChangesShape } from './statement-changes.js';
import type { StatementChanges } from './statement-content.types.js';

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
  const parsed = parseObject<CorrectionInput>(
    body,
    { changes: { required: true, patchOf: statementChangesShape(now) }, reason: required(reasonRule) },
    'whole',
  );
  if (!parsed.ok) return parsed;
  const checked = onePrimarySource({ ok: true, value: parsed.value.changes }, '/changes');
  return checked.ok ? parsed : checked;
}
