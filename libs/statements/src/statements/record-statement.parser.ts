import type { Parsed } from '../validation/field-error.js';
import { parseObject } from '../validation/object-shape.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import type { StatementContent } from './statement-content.types.js';
import { recordStatementSchema, statementContentSchema } from './statement.schema.js';

export interface RecordStatementInput {
  /** Client-chosen id (lower-cased), or null for the server to choose one. */
  statementId: string | null;
  content: StatementContent;
}

/**
 * A statement to record, as sent (alone, as an item of a batch, or as an import line) → the normalised
 * content. `now` is the request's time, bounding statedAt at the end of tomorrow (UTC).
 */
export function parseRecordStatement(body: unknown, now: Date): Parsed<RecordStatementInput> {
  const parsed = parseObject<{ statementId: string | null } & StatementContent>(body, objectShapeOf(recordStatementSchema, now), 'whole');
  if (!parsed.ok) return parsed;
  const { statementId, ...content } = parsed.value;
  return { ok: true, value: { statementId, content } };
}

/** A statement's content alone, validated in full; `pointer` places the errors (e.g. "/changes"). */
export function parseStatementContent(input: unknown, now: Date | null, pointer = ''): Parsed<StatementContent> {
  return parseObject<StatementContent>(input, objectShapeOf(statementContentSchema, now), 'whole', pointer);
}
