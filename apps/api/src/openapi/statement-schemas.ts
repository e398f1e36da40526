import { statementViewSchema } from '@app/stances';
import {
  fieldsOf,
  leavesOf,
  normalForm,
  recordStatementSchema,
  SCORE_JSON,
  sourceSchema,
  STATEMENT_EXAMPLE,
  statementContentSchema,
  upcastStatementRecordedV1,
} from '@app/statements';
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
  for (const field of fieldsOf(statementViewSchema)) {
    if (field.object && field.meta.component) named[field.meta.component] = { ...objectOf(field.object, 'answer'), description: field.meta.description };
  }
  return named;
}

/** The example as answered: every field, the omitted ones null, the defaults filled in, `source` = `sources[0]`. */
const EXAMPLE_CONTENT = upcastStatementRecordedV1({ statementId: '0b9a6c1e-4d2f-4a8e-9c3b-5e7f1a2b3c4d', ...STATEMENT_EXAMPLE });
const ANSWER_EXAMPLE = {
  revision: 0,
  status: 'active',
  ...EXAMPLE_CONTENT,
  source: EXAMPLE_CONTENT.sources[0],
  recordedAt: '2026-11-23T10:00:00.000Z',
  recordedBy: 'alice',
  revisedAt: '2026-11-23T10:00:00.000Z',
  revisedBy: 'alice',
};

/** A statement's input (or patch) with v1's `source` beside `sources`, right after it. */
function withOneSource(schema: JsonSchema, source: JsonSchema): JsonSchema {
  const properties = Object.entries(schema.properties ?? {}).flatMap(([key, value]) =>
    key === 'sources'
      ? [
          [key, value] as const,
          [
            'source',
            { ...source, description: 'v1: the one source (as `sources: [source]`; in a correction, a merge patch of `sources[0]`). Not with `sources`.' },
          ] as const,
        ]
      : [[key, value] as const],
  );
  return { ...schema, properties: Object.fromEntries(properties), required: schema.required?.filter((key) => key !== 'sources') };
}

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
    ...withOneSource(objectOf(recordStatementSchema, 'input'), objectOf(sourceSchema, 'input')),
    oneOf: [{ required: ['sources'] }, { required: ['source'] }],
    description:
      'A statement to record. Required: topic, position, statedAt, `sources` (1–20) or `source` (one; not both), and `actor.country` unless `holder` is given (then one of actor.country, actor.body, actor.person). A source needs a url or a publisher. `holder` defaults to actor.country, `attribution` to on_record, `modality` to firm. An omitted optional field equals null. Unknown fields are refused (400). A topic, holder or target that is not registered is refused with 422.',
    example: STATEMENT_EXAMPLE,
  },
  StatementChanges: {
    ...withOneSource(objectOf(statementContentSchema, 'patch'), objectOf(sourceSchema, 'patch')),
    description:
      "A JSON merge patch (RFC 7396) over the statement's content: only these fields; null removes an optional field (`target: null`: no target). Required fields, and those with a default (holder, attribution, modality), stay required. An array (`sources`) is replaced whole; `source` is a merge patch of `sources[0]` (not with `sources`). Changing `actor.country` of a statement whose holder is that country moves the holder too, unless `holder` is sent. The patched statement is validated as on record (errors point under /changes).",
  },
};
