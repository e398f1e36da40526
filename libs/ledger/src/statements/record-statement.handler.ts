import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WrongExpectedRevisionError } from '@app/event-store';
import { applyStatementEvent } from '@app/stances';
import { decideStatement, parseRecordStatement, topicStreamId } from '@app/statements';
import { randomUUID } from 'node:crypto';
import { validationProblem } from '../../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import { toNewEvents } from '../command-context.js';
import { idempotencyFor, idempotentWrite, outcomeOf } from '../idempotent-write.js';
import { LedgerWriter } from '../ledger-writer.js';
import { RecordStatementCommand } from './record-statement.command.js';
import { asRecorded, loadStatement, newStatement, statementHeaders } from './statement-stream.js';

@CommandHandler(RecordStatementCommand)
export class RecordStatementHandler implements ICommandHandler<RecordStatementCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ body, context }: RecordStatementCommand): Promise<WriteOutcome> {
    return idempotentWrite(this.writer, context.idempotency, () => {
      const parsed = parseRecordStatement(body, new Date());
      if (!parsed.ok) throw validationProblem(parsed.errors);
      return this.record(parsed.value, context);
    });
  }

  private async record(
    input: Extract<ReturnType<typeof parseRecordStatement>, { ok: true }>['value'],
    context: RecordStatementCommand['context'],
  ): Promise<WriteOutcome> {
    const statementId = input.statementId ?? randomUUID();
    const topicRegistered = await this.writer.streamExists(topicStreamId(input.content.topic));
    for (let attempt = 0; ; attempt++) {
      const current = input.statementId == null && attempt === 0 ? newStatement(statementId) : await loadStatement(this.writer, statementId);
      const events = decideStatement({ type: 'RecordStatement', statementId, content: input.content, topicRegistered }, current.state);
      if (events.length === 0) {
        // Already recorded with this very content: answer as the first time, write nothing.
        return { status: 200, body: current.view!.view, headers: statementHeaders(current.view!, current.lastLogPosition!) };
      }
      const outcome = (result: { recordedAt: string; items: { logPosition: number }[] }): WriteOutcome => {
        const view = applyStatementEvent(
          null,
          asRecorded(events[0], current.streamId, 0, result.items[0].logPosition, result.recordedAt, context.principal.name),
        );
        return { status: 201, body: view.view, headers: statementHeaders(view, result.items[0].logPosition) };
      };
      try {
        const result = await this.writer.append({
          items: [{ streamId: current.streamId, expected: 'no_stream', events: toNewEvents(context, events) }],
          idempotency: idempotencyFor(context.idempotency, outcome),
        });
        return outcomeOf(result, outcome);
      } catch (error) {
        // A concurrent request recorded the same id first: decide again against what it wrote.
        if (error instanceof WrongExpectedRevisionError && attempt === 0) continue;
        throw error;
      }
    }
  }
}
