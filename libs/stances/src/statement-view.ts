import { field, normalForm, sourceSchema, statementContentSchema, uuidSchema, type Position } from '@app/statements';
import { z } from 'zod';

/** A statement's status in the read models: active, or retracted (kept, no longer counted). */
export const STATEMENT_STATUSES = ['active', 'retracted'] as const;

const text = (description: string) => field(z.string(), { json: { type: 'string', description } });
const dateTime = (description: string) => field(z.string(), { json: { type: 'string', format: 'date-time', description } });

const { cameoCode, utteranceId, ...contentHead } = statementContentSchema.shape;

/**
 * The served Statement: the current content of a statement plus its ledger bookkeeping,
 * declared once (its type, its field order, the API's JSON Schema and the CSV columns come from here).
 */
export const statementViewSchema = z.strictObject({
  statementId: uuidSchema,
  revision: field(z.number(), { json: { type: 'integer', minimum: 0, description: '0 when recorded, +1 per correction or retraction.' } }),
  status: field(z.enum(STATEMENT_STATUSES), { json: { type: 'string', enum: [...STATEMENT_STATUSES] } }),
  // The content, with v1's `source` (= `sources[0]`) right after `sources`, where v1 had it.
  ...contentHead,
  source: field(sourceSchema, { description: 'The primary source: `sources[0]` (v1 clients read this one).', component: 'Source' }),
  cameoCode,
  utteranceId,
  recordedAt: dateTime('First entry into the ledger (server-set, UTC); never decreases along the log.'),
  recordedBy: text('The API key name that recorded it.'),
  revisedAt: dateTime('The latest revision (server-set, UTC).'),
  revisedBy: text('The API key name of the latest revision.'),
});

/** As the read models hold it (jsonb, read back unchecked): a position is any string there. */
type Stored<T> = { [K in keyof T]: T[K] extends Position ? string : T[K] };

export type StatementView = Stored<z.output<typeof statementViewSchema>>;

/** A stored view (jsonb forgets key order) in the contract's field order, absent optional fields as null. */
export function orderStatementView(doc: StatementView): StatementView {
  return normalForm<StatementView>(statementViewSchema, doc);
}
