import { applyStatementEvent, type ProjectedStatement } from '@app/stances';
import {
  CURRENT_SCHEMA_VERSION,
  evolveStatement,
  initialStatementState,
  isStatementEvent,
  type EventEnvelope,
  type StatementEvent,
  type StatementState,
} from '@app/statements';
import type { StreamModel } from '../pipeline/handle-command.js';

/** A statement as its own stream tells it: domain state for deciding, served view for answering. */
export interface StatementStream {
  state: StatementState;
  view: ProjectedStatement | null;
}

export const statementModel: StreamModel<StatementStream> = {
  initialState: { state: initialStatementState, view: null },
  evolve(current, event) {
    if (!isStatementEvent(event)) return current;
    return { state: evolveStatement(current.state, event), view: applyStatementEvent(current.view, event) };
  },
};

/** A decided event as the store will hold it, for building the answer before reading it back. */
export function asRecorded(
  event: StatementEvent,
  revision: number,
  logPosition: number,
  recordedAt: string,
  recordedBy: string,
): StatementEvent & EventEnvelope {
  return { ...event, revision, logPosition, metadata: { recordedAt, recordedBy, schemaVersion: CURRENT_SCHEMA_VERSION } };
}
