import { normalForm } from '../validation/field-schema.js';
import type { StatementContent } from './statement-content.types.js';
import type { StatementRecorded } from './statement.events.js';
import { statementContentSchema } from './statement.schema.js';

/** A statement as schema version 1 recorded it: the speaker's country was the holder, and it had one source. */
type StatementRecordedV1Data = { statementId: string; actor: { country: string }; source: unknown } & Record<string, unknown>;

/**
 * A version-1 StatementRecorded's data in today's shape (CONTRACT.md, "Events recorded
 * before v2"): `holder` = `actor.country`, `attribution` on_record, `modality` firm,
 * `sources` = [`source`], in the normal form (a source's `title` null). Its corrections need
 * no rewrite: `applyStatementChanges` reads `changes.source` and moves the holder with
 * `actor.country` for events of every version.
 */
export function upcastStatementRecordedV1(data: StatementRecordedV1Data): StatementRecorded['data'] {
  const { statementId, source, ...v1 } = data;
  const content = normalForm<StatementContent>(statementContentSchema, {
    ...v1,
    holder: v1.actor.country,
    attribution: 'on_record',
    modality: 'firm',
    sources: [source],
  });
  return { statementId, ...content };
}
