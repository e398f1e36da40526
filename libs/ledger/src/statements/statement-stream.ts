import type { RecordedEvent } from '@app/event-store';
import { applyStatementEvent, type ProjectedStatement } from '@app/stances';
import { evolveStatement, initialStatementState, statementStreamId, type StatementState } from '@app/statements';
import type { LedgerWriter } from '../ledger-writer.js';

/** A statement as its own stream tells it: domain state for deciding, served view for answering. */
export interface LoadedStatement {
  statementId: string;
  streamId: string;
  events: RecordedEvent[];
  state: StatementState;
  view: ProjectedStatement | null;
  /** Last revision, or null when the stream does not exist. */
  revision: number | null;
  lastLogPosition: number | null;
}

export async function loadStatement(writer: LedgerWriter, statementId: string): Promise<LoadedStatement> {
  return statementFrom(statementId, await writer.readStream(statementStreamId(statementId)));
}

/**
 * A statement whose id the server has just generated: a fresh UUID's stream cannot exist,
 * so there is nothing to read (the append still says `no_stream`, which would refuse it).
 */
export function newStatement(statementId: string): LoadedStatement {
  return statementFrom(statementId, []);
}

function statementFrom(statementId: string, events: RecordedEvent[]): LoadedStatement {
  const streamId = statementStreamId(statementId);
  let state = initialStatementState;
  let view: ProjectedStatement | null = null;
  for (const event of events) {
    state = evolveStatement(state, event as never);
    view = applyStatementEvent(view, event);
  }
  const last = events[events.length - 1];
  return {
    statementId,
    streamId,
    events,
    state,
    view,
    revision: last ? last.revision : null,
    lastLogPosition: last ? last.logPosition : null,
  };
}

/** The event as the store will hold it, for building the answer before reading it back. */
export function asRecorded(
  event: { type: string; data: unknown },
  streamId: string,
  revision: number,
  logPosition: number,
  recordedAt: string,
  recordedBy: string,
): RecordedEvent {
  return {
    logPosition,
    streamId,
    revision,
    eventId: '',
    type: event.type,
    data: event.data as RecordedEvent['data'],
    dataHash: '',
    metadata: { recordedBy, recordedAt, correlationId: '', causationId: null, schemaVersion: 1 },
    prevHash: '',
    hash: '',
  };
}

export function statementHeaders(view: ProjectedStatement, logPosition: number): Record<string, string> {
  return {
    Location: `/v1/statements/${view.view.statementId}`,
    ETag: `"${view.view.revision}"`,
    'Ledger-Position': String(logPosition),
  };
}
