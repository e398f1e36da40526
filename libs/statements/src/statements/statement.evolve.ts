import { applyStatementChanges } from './statement-changes.js';
import type { StatementContent } from './statement-content.types.js';
import type { StatementEvent } from './statement.events.js';

export interface StatementState {
  status: 'none' | 'active' | 'retracted';
  statementId: string | null;
  /** 0 once recorded, +1 per correction or retraction; −1 before (the stream's revision). */
  revision: number;
  /** The current content. */
  content: StatementContent | null;
  /** The content as recorded (revision 0): recording the same again is idempotent. */
  recordedContent: StatementContent | null;
}

export const initialStatementState: StatementState = {
  status: 'none',
  statementId: null,
  revision: -1,
  content: null,
  recordedContent: null,
};

export function evolveStatement(state: StatementState, event: StatementEvent): StatementState {
  switch (event.type) {
    case 'StatementRecorded': {
      const { statementId, ...content } = event.data;
      return { status: 'active', statementId, revision: 0, content, recordedContent: content };
    }
    case 'StatementCorrected':
      if (!state.content) return state;
      return { ...state, revision: state.revision + 1, content: applyStatementChanges(state.content, event.data.changes) };
    case 'StatementRetracted':
      return { ...state, status: 'retracted', revision: state.revision + 1 };
    default:
      return state;
  }
}
