import canonicalize from 'canonicalize';
import {
  InvalidInputError,
  NothingToCorrectError,
  RevisionMismatchError,
  StatementAlreadyRecordedError,
  StatementNotFoundError,
  StatementRetractedError,
  TopicNotRegisteredError,
} from './domain.errors.js';
import type { StatementEvent } from './ledger.events.js';
import { applyStatementChanges, correctedContent } from './statement.schema.js';
import type { StatementChanges, StatementContent } from './statement.types.js';

export type StatementCommand =
  | { type: 'RecordStatement'; statementId: string; content: StatementContent; topicRegistered: boolean }
  | {
      type: 'CorrectStatement';
      statementId: string;
      changes: StatementChanges;
      reason: string;
      expectedRevision?: number;
      /** Whether the topic the correction moves the statement to (if any) is registered. */
      topicRegistered: boolean;
      /** The request's time, for the statedAt window (decide reads no clock). */
      now: Date;
    }
  | { type: 'RetractStatement'; statementId: string; reason: string; expectedRevision?: number };

export interface StatementState {
  status: 'none' | 'active' | 'retracted';
  statementId: string | null;
  /** 0 once recorded, +1 per correction or retraction; -1 before. */
  revision: number;
  content: StatementContent | null;
  /** The content as first recorded (revision 0), for idempotent re-recording. */
  recordedContent: StatementContent | null;
}

export const initialStatementState: StatementState = {
  status: 'none',
  statementId: null,
  revision: -1,
  content: null,
  recordedContent: null,
};

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

function existing(state: StatementState, statementId: string, expectedRevision: number | undefined): StatementContent {
  if (state.status === 'none' || !state.content) throw new StatementNotFoundError(statementId);
  if (state.status === 'retracted') throw new StatementRetractedError(statementId);
  if (expectedRevision !== undefined && expectedRevision !== state.revision) {
    throw new RevisionMismatchError(expectedRevision, state.revision);
  }
  return state.content;
}

export function decideStatement(command: StatementCommand, state: StatementState): StatementEvent[] {
  switch (command.type) {
    case 'RecordStatement': {
      if (state.status !== 'none') {
        // Recording the same statement again is a no-op; anything else under its id is a conflict.
        if (same(state.recordedContent, command.content)) return [];
        throw new StatementAlreadyRecordedError(command.statementId);
      }
      if (!command.topicRegistered) throw new TopicNotRegisteredError(command.content.topic);
      return [{ type: 'StatementRecorded', data: { statementId: command.statementId, ...command.content } }];
    }
    case 'CorrectStatement': {
      const current = existing(state, command.statementId, command.expectedRevision);
      const corrected = correctedContent(current, command.changes, command.now);
      if (!corrected.ok) throw new InvalidInputError(corrected.errors);
      if (same(corrected.value, current)) throw new NothingToCorrectError(command.statementId);
      if (corrected.value.topic !== current.topic && !command.topicRegistered) {
        throw new TopicNotRegisteredError(corrected.value.topic);
      }
      return [
        { type: 'StatementCorrected', data: { statementId: command.statementId, changes: command.changes, reason: command.reason } },
      ];
    }
    case 'RetractStatement':
      existing(state, command.statementId, command.expectedRevision);
      return [{ type: 'StatementRetracted', data: { statementId: command.statementId, reason: command.reason } }];
  }
}

export function evolveStatement(state: StatementState, event: StatementEvent): StatementState {
  switch (event.type) {
    case 'StatementRecorded': {
      const { statementId, ...content } = event.data;
      return { status: 'active', statementId, revision: 0, content, recordedContent: content };
    }
    case 'StatementCorrected':
      return {
        ...state,
        revision: state.revision + 1,
        content: state.content ? applyStatementChanges(state.content, event.data.changes) : null,
      };
    case 'StatementRetracted':
      return { ...state, status: 'retracted', revision: state.revision + 1 };
    default:
      return state;
  }
}
