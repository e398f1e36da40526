import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WrongExpectedRevisionError } from '@app/event-store';
import { applyStatementEvent } from '@app/stances';
import { decideStatement, parseCorrection, parseRetraction, topicStreamId, type StatementCommand } from '@app/statements';
import { Problem, validationProblem } from '../../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import { toNewEvents } from '../command-context.js';
import { LedgerWriter } from '../ledger-writer.js';
import { ReviseStatementCommand } from './revise-statement.command.js';
import { asRecorded, loadStatement, statementHeaders } from './statement-stream.js';

/**
 * Corrections and retractions share their whole flow: load the stream, decide, append at
 * exactly the revision decided on. With If-Match a lost race is a 412; without it the
 * handler decides again against the newer revision.
 */
@CommandHandler(ReviseStatementCommand)
export class ReviseStatementHandler implements ICommandHandler<ReviseStatementCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  /** Validates the body and looks up what decide needs besides the stream. */
  private async commandFor(
    kind: ReviseStatementCommand['kind'],
    statementId: string,
    body: unknown,
    expectedRevision: number | undefined,
  ): Promise<StatementCommand> {
    if (kind === 'retraction') {
      const parsed = parseRetraction(body);
      if (!parsed.ok) throw validationProblem(parsed.errors);
      return { type: 'RetractStatement', statementId, reason: parsed.value.reason, expectedRevision };
    }
    const parsed = parseCorrection(body, new Date());
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const { changes, reason } = parsed.value;
    const topicRegistered = typeof changes.topic === 'string' ? await this.writer.streamExists(topicStreamId(changes.topic)) : true;
    return { type: 'CorrectStatement', statementId, changes, reason, expectedRevision, topicRegistered, now: new Date() };
  }

  async execute({ kind, statementId, body, expectedRevision, context }: ReviseStatementCommand): Promise<WriteOutcome> {
    const decision = await this.commandFor(kind, statementId, body, expectedRevision);
    for (let attempt = 0; ; attempt++) {
      const current = await loadStatement(this.writer, statementId);
      const events = decideStatement(decision, current.state);
      const revision = current.revision! + 1;
      try {
        const result = await this.writer.append({
          items: [{ streamId: current.streamId, expected: current.revision!, events: toNewEvents(context, events) }],
        });
        const view = applyStatementEvent(
          current.view,
          asRecorded(events[0], current.streamId, revision, result.logPosition, result.recordedAt, context.principal.name),
        );
        return { status: 200, body: view.view, headers: statementHeaders(view, result.logPosition) };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          if (expectedRevision !== undefined) {
            throw new Problem('precondition-failed', `revision ${expectedRevision} is no longer current`);
          }
          if (attempt < 50) continue;
        }
        throw error;
      }
    }
  }
}
