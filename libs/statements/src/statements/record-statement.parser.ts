import type { FieldError, Parsed } from '../validation/field-error.js';
import { isJsonObject, parseObject } from '../validation/object-shape.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import type { StatementContent } from './statement-content.types.js';
import { recordStatementSchema, SOURCE_WITH_SOURCES, statementContentSchema, statementProblems } from './statement.schema.js';

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
  const parsed = withOneSource(body, '', (input) =>
    checked(parseObject<{ statementId: string | null } & StatementContent>(input, objectShapeOf(recordStatementSchema, now), 'whole'), ''),
  );
  if (!parsed.ok) return parsed;
  const { statementId, ...content } = parsed.value;
  return { ok: true, value: { statementId, content } };
}

/** A statement's content alone, validated in full; `pointer` places the errors (e.g. "/changes"). */
export function parseStatementContent(input: unknown, now: Date | null, pointer = ''): Parsed<StatementContent> {
  return withOneSource(input, pointer, (body) =>
    checked(parseObject<StatementContent>(body, objectShapeOf(statementContentSchema, now), 'whole', pointer), pointer),
  );
}

/** A statement whose fields each passed, checked across them (`statementProblems`). */
function checked<T extends StatementContent>(parsed: Parsed<T>, pointer: string): Parsed<T> {
  if (!parsed.ok) return parsed;
  const errors = statementProblems(parsed.value).map((error) => ({ ...error, pointer: `${pointer}${error.pointer}` }));
  return errors.length > 0 ? { ok: false, errors } : parsed;
}

/**
 * v1's `source` (the one source) read as `sources: [source]`, its errors pointing at
 * `/source` as sent; `source` with `sources` → an error at `/source`.
 */
function withOneSource<T>(body: unknown, pointer: string, parse: (body: unknown) => Parsed<T>): Parsed<T> {
  if (!isJsonObject(body) || body.source === undefined) return parse(body);
  if (body.sources !== undefined) return { ok: false, errors: [{ pointer: `${pointer}/source`, detail: SOURCE_WITH_SOURCES }] };
  const { source, ...rest } = body;
  const parsed = parse({ ...rest, sources: source === null ? null : [source] });
  if (parsed.ok) return parsed;
  const sources = `${pointer}/sources`;
  const renamed = (error: FieldError): FieldError => {
    if (error.pointer === sources || error.pointer === `${sources}/0`) return { ...error, pointer: `${pointer}/source` };
    if (error.pointer.startsWith(`${sources}/0/`)) return { ...error, pointer: `${pointer}/source${error.pointer.slice(sources.length + 2)}` };
    return error;
  };
  return { ok: false, errors: parsed.errors.map(renamed) };
}
