import { statementViewSchema } from '@app/stances';
import { fieldsOf, leavesOf, normalForm, recordStatementSchema, SCORE_JSON, STATEMENT_EXAMPLE, statementContentSchema } from '@app/statements';
import { objectOf } from './declared-object.js';
import type { JsonSchema } from './json-schema.js';

/**
 * The JSON Schemas of a statement, derived from its one declaration (@app/statements'
 * statement.schema.ts and @app/stances' statement view) by `objectOf`.
 */

/** The value schemas the statement's fields refer to by name (CountryCode, Position, …), and the Actor and Source of an answer. */
function components(): Record<string, JsonSchema> {
  const named: Record<string, JsonSchema> = {};
  for (const { meta } of leavesOf(statementViewSchema)) if (meta.component && meta.json) named[meta.component] = meta.json;
  for (const field of fieldsOf(statementContentSchema)) {
    if (field.object && field.meta.component) named[field.meta.component] = { ...objectOf(field.object, 'answer'), description: field.meta.description };
  }
  return named;
}

/** The example as answered: every field, the omitted ones null. */
const ANSWER_EXAMPLE = {
  statementId: '0b9a6c1e-4d2f-4a8e-9c3b-5e7f1a2b3c4d',
  revision: 0,
  status: 'active',
  ...STATEMENT_EXAMPLE,
  recordedAt: '2026-11-23T10:00:00.000Z',
  recordedBy: 'alice',
  revisedAt: '2026-11-23T10:00:00.000Z',
  revisedBy: 'alice',
};

/** The statement's component schemas of /openapi.json. */
export const STATEMENT_SCHEMAS: Record<string, JsonSchema> = {
  ...components(),
  Score: SCORE_JSON,
  Statement: {
    ...objectOf(statementViewSchema, 'answer'),
    description:
      "A statement's current version: its content plus the ledger's bookkeeping. Optional fields with no value are null. `revision` is 0 when recorded and +1 per correction or retraction.",
    example: normalForm(statementViewSchema, ANSWER_EXAMPLE),
  },
  StatementInput: {
    ...objectOf(recordStatementSchema, 'input'),
    description:
      'A statement to record. Required: actor.country, topic, position, statedAt, source.url; an omitted optional field equals null. Unknown fields are refused (400). A topic that is not registered is refused with 422.',
    example: STATEMENT_EXAMPLE,
  },
  StatementChanges: {
    ...objectOf(statementContentSchema, 'patch'),
    description:
      "A JSON merge patch (RFC 7396) over the statement's content: only these fields; null removes an optional field (`target: null`: no target). Required fields stay required. The patched statement is validated as on record (errors point under /changes).",
  },
};
