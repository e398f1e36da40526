import type { StatementContent } from '../statements/statement-content.types.js';
import { STATEMENT_EXAMPLE } from '../statements/statement.schema.js';
import { upcastStatementRecordedV1 } from '../statements/statement.upcast.js';
import type { StatementEvent } from '../statements/statement.events.js';

/** The request time the specs validate against. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');

export const STATEMENT_ID = '52e30963-9eb7-5aa1-b46b-6398cf6164fb';

/** A minimal valid statement to record, as sent (the contract's sample); tests vary one field at a time. */
export function recordBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(STATEMENT_EXAMPLE), ...overrides };
}

/** recordBody() as parseRecordStatement normalises it: the omitted optional fields null, the defaults filled in, `source` as `sources[0]`. */
export const CONTENT: StatementContent = contentOf(recordBody());

function contentOf(body: Record<string, unknown>): StatementContent {
  const { statementId: _, ...content } = upcastStatementRecordedV1({ statementId: STATEMENT_ID, ...(body as { actor: { country: string }; source: unknown }) });
  return content;
}

export const recorded = (content: StatementContent = CONTENT, statementId = STATEMENT_ID): StatementEvent => ({
  type: 'StatementRecorded',
  data: { statementId, ...content },
});
