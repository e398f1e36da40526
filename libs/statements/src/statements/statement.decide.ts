import { isDeepStrictEqual } from 'node:util';
import { correctedContent } from './statement-changes.js';
import type { StatementCommand } from './statement.commands.js';
import { namesCountry } from '../values/holder.value.js';
import type { StatementContent } from './statement-content.types.js';
import {
  ActorNotRegisteredError,
  InvalidCorrectionError,
  NothingToCorrectError,
  RevisionMismatchError,
  StatementAlreadyRecordedError,
  StatementNotFoundError,
  StatementRetractedError,
  TopicNotRegisteredError,
} from './statement.errors.js';
import type { StatementEvent } from './statement.events.js';
import type { StatementState } from './statement.evolve.js';

/**
 * A statement that may still change. The precondition (If-Match) is checked before the
 * status, as HTTP evaluates preconditions before the request itself.
 */
function changeable(state: StatementState, statementId: string, expectedRevision: number | undefined) {
  if (state.status === 'none' || !state.content || !state.statementId) throw new StatementNotFoundError(statementId);
  if (expectedRevision !== undefined && expectedRevision !== state.revision) {
    throw new RevisionMismatchError(expectedRevision, state.revision);
  }
  if (state.status === 'retracted') throw new StatementRetractedError(state.statementId);
  return { statementId: state.statementId, content: state.content };
}

/** A holder or target that names an actor (and is new, in a correction) must be a registered one. */
function assertActorsRegistered(content: StatementContent, previous: StatementContent | null, registered: ReadonlySet<string>): void {
  for (const field of ['holder', 'target'] as const) {
    const named = content[field];
    if (named === null || namesCountry(named) || named === previous?.[field] || registered.has(named)) continue;
    throw new ActorNotRegisteredError(named, field);
  }
}

export function decideStatement(command: StatementCommand, state: StatementState): StatementEvent[] {
  switch (command.type) {
    case 'RecordStatement': {
      if (state.status !== 'none') {
        // The same id with the same content as recorded is a retry: nothing to write.
        if (isDeepStrictEqual(state.recordedContent, command.content)) return [];
        throw new StatementAlreadyRecordedError(command.statementId);
      }
      if (!command.topicRegistered) throw new TopicNotRegisteredError(command.content.topic);
      assertActorsRegistered(command.content, null, command.registeredActors);
      return [{ type: 'StatementRecorded', data: { statementId: command.statementId, ...command.content } }];
    }
    case 'CorrectStatement': {
      const current = changeable(state, command.statementId, command.expectedRevision);
      const corrected = correctedContent(current.content, command.changes, command.now);
      if (!corrected.ok) throw new InvalidCorrectionError(corrected.errors);
      const { changes, content } = corrected.value;
      if (isDeepStrictEqual(content, current.content)) throw new NothingToCorrectError(current.statementId);
      if (content.topic !== current.content.topic && !command.topicRegistered) throw new TopicNotRegisteredError(content.topic);
      assertActorsRegistered(content, current.content, command.registeredActors);
      return [{ type: 'StatementCorrected', data: { statementId: current.statementId, changes, reason: command.reason } }];
    }
    case 'RetractStatement': {
      const current = changeable(state, command.statementId, command.expectedRevision);
      return [{ type: 'StatementRetracted', data: { statementId: current.statementId, reason: command.reason } }];
    }
  }
}
