import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyStatementEvent } from '@app/stances';
import { decideStatement, statementStreamId, topicStreamId, type StatementCommand } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import { registeredActorsAmong } from './registered-actors.js';
import { statementClaims } from './statement-claims.js';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand, type RetryPolicy } from '../pipeline/handle-command.js';
import type { StatementWritten } from '../results.js';
import { CorrectStatement, RetractStatement } from './revise-statement.commands.js';
import { asRecorded, statementModel } from './statement-stream.js';

/** How many times a correction or retraction without If-Match decides again after losing a race. */
const REVISE_RETRIES = 50;

/**
 * Retry: with If-Match, none — a lost race means the revision the client saw is no longer
 * current. Without it, decide again against the newer revision (up to 50 times).
 */
function revisePolicy(expectedRevision: number | undefined): RetryPolicy {
  return expectedRevision === undefined ? { onConflict: 'retry', retries: REVISE_RETRIES } : { onConflict: 'precondition-failed', expectedRevision };
}

/** Corrections and retractions share their whole flow: append at exactly the revision decided on. */
function revise(writer: LedgerWriter, statementId: string, decision: StatementCommand, expectedRevision: number | undefined, context: CommandContext) {
  return handleCommand(writer, context, {
    model: statementModel,
    streams: [{ streamId: statementStreamId(statementId) }],
    decide: ({ state }) => decideStatement(decision, state.state),
    expected: 'read',
    retry: revisePolicy(expectedRevision),
    claims: statementClaims(() => ''),
    answer: ({ streams: [current], decided: [events], appended }): StatementWritten => {
      const { recordedAt, logPosition } = appended!;
      const { view } = applyStatementEvent(current.state.view, asRecorded(events[0], current.revision! + 1, logPosition, recordedAt, context.principal.name));
      return { statement: view, revision: view.revision, logPosition, created: false };
    },
  });
}

@CommandHandler(CorrectStatement)
export class CorrectStatementHandler implements ICommandHandler<CorrectStatement> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ statementId, changes, reason, expectedRevision, context }: CorrectStatement): Promise<StatementWritten> {
    const topicRegistered = typeof changes.topic === 'string' ? await this.writer.streamExists(topicStreamId(changes.topic)) : true;
    const registeredActors = await registeredActorsAmong(this.writer, [changes.holder, changes.target]);
    const decision: StatementCommand = {
      type: 'CorrectStatement',
      statementId,
      changes,
      reason,
      expectedRevision,
      topicRegistered,
      registeredActors,
      now: new Date(),
    };
    return revise(this.writer, statementId, decision, expectedRevision, context);
  }
}

@CommandHandler(RetractStatement)
export class RetractStatementHandler implements ICommandHandler<RetractStatement> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ statementId, reason, expectedRevision, context }: RetractStatement): Promise<StatementWritten> {
    return revise(this.writer, statementId, { type: 'RetractStatement', statementId, reason, expectedRevision }, expectedRevision, context);
  }
}
