import { childPointer, type FieldError, type Parsed } from '../validation/field-error.js';
import { parseRecordStatement, type RecordStatementInput } from './record-statement.parser.js';

/** The most statements one batch records (atomically). */
export const MAX_BATCH = 100;

/**
 * `{ "statements": [ … ] }` of 1–100 statements → each statement's input, validated as a
 * whole first: every error of every item, each pointing into /statements/i. Two items
 * naming the same statementId are refused; items without one get theirs when recorded.
 */
export function parseStatementBatch(body: unknown, now: Date): Parsed<RecordStatementInput[]> {
  const errors: FieldError[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ pointer: '', detail: 'expected an object { "statements": [ … ] }' }] };
  }
  for (const key of Object.keys(body)) {
    if (key !== 'statements') errors.push({ pointer: childPointer('', key), detail: 'unknown field' });
  }
  const list = (body as { statements?: unknown }).statements;
  if (!Array.isArray(list)) errors.push({ pointer: '/statements', detail: 'expected an array of 1–100 statements' });
  else if (list.length < 1 || list.length > MAX_BATCH)
    errors.push({ pointer: '/statements', detail: `expected 1–${MAX_BATCH} statements, got ${list.length}` });
  if (errors.length > 0 || !Array.isArray(list)) return { ok: false, errors };
  const entries: RecordStatementInput[] = [];
  const seen = new Map<string, number>();
  list.forEach((item: unknown, index) => {
    const parsed = parseRecordStatement(item, now);
    if (!parsed.ok) {
      for (const error of parsed.errors) errors.push({ pointer: `/statements/${index}${error.pointer}`, detail: error.detail });
      return;
    }
    const { statementId } = parsed.value;
    if (statementId != null) {
      if (seen.has(statementId)) {
        errors.push({ pointer: `/statements/${index}/statementId`, detail: `the same statementId as /statements/${seen.get(statementId)}` });
      }
      seen.set(statementId, index);
    }
    entries.push(parsed.value);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: entries };
}
