import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyStatementEvent } from '@app/stances';
import { decideStatement, statementStreamId, topicStreamId } from '@app/statements';
import { randomUUID } from 'node:crypto';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { StatementWritten } from '../results.js';
import { RecordStatement } from './record-statement.command.js';
import { registeredActorsAmong } from './registered-actors.js';
import { statementClaims } from './statement-claims.js';
import { asRecorded, statementModel } from './statement-stream.js';

/**
 * Retry: once. The stream must be new; if another request recorded the same client-chosen
 * id first, deciding again against what it wrote answers "already recorded" (or 409).
 */
@CommandHandler(RecordStatement)
export class RecordStatementHandler implements ICommandHandler<RecordStatement> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ input, context }: RecordStatement): Promise<StatementWritten> {
    const statementId = input.statementId ?? randomUUID();
    const topicRegistered = await this.writer.streamExists(topicStreamId(input.content.topic));
    const registeredActors = await registeredActorsAmong(this.writer, [input.content.holder, input.content.target]);
    return handleCommand(this.writer, context, {
      model: statementModel,
      streams: [{ streamId: statementStreamId(statementId), fresh: input.statementId == null }],
      decide: ({ state }) => decideStatement({ type: 'RecordStatement', statementId, content: input.content, topicRegistered, registeredActors }, state.state),
      expected: 'no_stream',
      retry: { onConflict: 'retry', retries: 1 },
      stored: RecordStatement.stored,
      claims: statementClaims(() => ''),
      answer: ({ streams: [current], decided: [events], appended }) => {
        if (!appended) {
          // Already recorded with this very content: answer as the first time, write nothing.
          const view = current.state.view!;
          return { statement: view.view, revision: view.view.revision, logPosition: current.lastLogPosition!, created: false };
        }
        const logPosition = appended.items[0].logPosition;
        const { view } = applyStatementEvent(null, asRecorded(events[0], 0, logPosition, appended.recordedAt, context.principal.name));
        return { statement: view, revision: view.revision, logPosition, created: true };
      },
    });
  }
}
