import type { Parsed } from '../validation/field-error.js';
import { mergePatch } from '../validation/json-merge-patch.js';
import { normalForm } from '../validation/field-schema.js';
import { parseObject } from '../validation/object-shape.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import type { StatementChanges, StatementContent } from './statement-content.types.js';
import { statementContentSchema } from './statement.schema.js';

/**
 * A stored correction applied to the content it corrects (RFC 7396), removed optional
 * fields back as null. For events already in the log: no validation. Both decide and the
 * projections go through here, so they agree on every correction.
 */
export function applyStatementChanges(content: StatementContent, changes: StatementChanges): StatementContent {
  return normalForm<StatementContent>(statementContentSchema, mergePatch(content, changes));
}

export interface Correction {
  /** The patch as it will be stored: the fields sent, each normalised by its rule. */
  changes: StatementChanges;
  /** The content after the correction. */
  content: StatementContent;
}

/**
 * What a correction makes of `content`: the patch checked field by field, applied, and
 * the merged result re-validated in full against today's rules, every error pointing
 * under /changes (so a field that no longer passes can be corrected by sending it).
 */
export function correctedContent(content: StatementContent, changes: unknown, now: Date | null): Parsed<Correction> {
  const shape = objectShapeOf(statementContentSchema, now);
  const patch = parseObject<StatementChanges>(changes, shape, 'patch', '/changes');
  if (!patch.ok) return patch;
  const merged = parseObject<StatementContent>(mergePatch(content, patch.value), shape, 'whole', '/changes');
  if (!merged.ok) return merged;
  return { ok: true, value: { changes: patch.value, content: applyStatementChanges(content, patch.value) } };
}
