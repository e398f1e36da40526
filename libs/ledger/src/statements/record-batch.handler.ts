import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WrongExpectedRevisionError, type AppendItem, type AppendResult } from '@app/event-store';
import { decideStatement, parseRecordStatement, statementStreamId, topicStreamId, type StatementContent } from '@app/statements';
import { randomUUID } from 'node:crypto';
import { validationProblem, type FieldError } from '../../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import { toNewEvents } from '../command-context.js';
import { idempotencyFor, idempotentWrite, outcomeOf } from '../idempotent-write.js';
import { LedgerWriter } from '../ledger-writer.js';
import { RecordBatchCommand } from './record-batch.command.js';
import { loadStatement, newStatement } from './statement-stream.js';

export const MAX_BATCH = 100;

interface BatchEntry {
  statementId: string;
  /** The server chose the id: its stream cannot exist yet. */
  generated: boolean;
  content: StatementContent;
}

interface BatchItem {
  statementId: string;
  revision: number;
  logPosition: number;
}

/** Validates the whole batch first: every error of every item, each pointing into /statements/i. */
export function parseBatch(body: unknown, now: Date): BatchEntry[] {
  const errors: FieldError[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationProblem([{ pointer: '', detail: 'expected an object { "statements": [ … ] }' }]);
  }
  for (const key of Object.keys(body)) {
    if (key !== 'statements') errors.push({ pointer: `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: 'unknown field' });
  }
  const list = (body as { statements?: unknown }).statements;
  if (!Array.isArray(list)) errors.push({ pointer: '/statements', detail: 'expected an array of 1–100 statements' });
  else if (list.length < 1 || list.length > MAX_BATCH) errors.push({ pointer: '/statements', detail: `expected 1–${MAX_BATCH} statements, got ${list.length}` });
  if (errors.length > 0) throw validationProblem(errors);
  const entries: BatchEntry[] = [];
  const seen = new Map<string, number>();
  (list as unknown[]).forEach((item, index) => {
    const parsed = parseRecordStatement(item, now);
    if (!parsed.ok) {
      for (const error of parsed.errors) errors.push({ pointer: `/statements/${index}${error.pointer}`, detail: error.detail });
      return;
    }
    const statementId = parsed.value.statementId ?? randomUUID();
    if (seen.has(statementId)) {
      errors.push({ pointer: `/statements/${index}/statementId`, detail: `the same statementId as /statements/${seen.get(statementId)}` });
    }
    seen.set(statementId, index);
    entries.push({ statementId, generated: parsed.value.statementId == null, content: parsed.value.content });
  });
  if (errors.length > 0) throw validationProblem(errors);
  return entries;
}

@CommandHandler(RecordBatchCommand)
export class RecordBatchHandler implements ICommandHandler<RecordBatchCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ body, context }: RecordBatchCommand): Promise<WriteOutcome> {
    return idempotentWrite(this.writer, context.idempotency, () => this.record(parseBatch(body, new Date()), context));
  }

  private async record(entries: BatchEntry[], context: RecordBatchCommand['context']): Promise<WriteOutcome> {
    const topicNames = [...new Set(entries.map((entry) => entry.content.topic))];
    const registered = await Promise.all(topicNames.map((topic) => this.writer.streamExists(topicStreamId(topic))));
    const topics = new Map(topicNames.map((topic, index) => [topic, registered[index]]));
    for (let attempt = 0; ; attempt++) {
      const unchanged = new Map<string, BatchItem>();
      const items: AppendItem[] = [];
      let eventIndex = 0;
      // Read concurrently (the pool bounds it): a batch of 100 client ids is not 100 round trips in a row.
      const loaded = await Promise.all(
        entries.map((entry) => (entry.generated && attempt === 0 ? newStatement(entry.statementId) : loadStatement(this.writer, entry.statementId))),
      );
      for (const [index, entry] of entries.entries()) {
        const current = loaded[index];
        const events = decideStatement(
          { type: 'RecordStatement', statementId: entry.statementId, content: entry.content, topicRegistered: topics.get(entry.content.topic)! },
          current.state,
        );
        if (events.length === 0) {
          unchanged.set(entry.statementId, { statementId: entry.statementId, revision: current.revision!, logPosition: current.lastLogPosition! });
          continue;
        }
        items.push({ streamId: current.streamId, expected: 'no_stream', events: toNewEvents(context, events, eventIndex) });
        eventIndex += events.length;
      }
      const answer = (result: AppendResult | null): WriteOutcome => {
        const written = new Map(result?.items.map((item) => [item.streamId, item]) ?? []);
        const list = entries.map((entry) => {
          const appended = written.get(statementStreamId(entry.statementId));
          return appended
            ? { statementId: entry.statementId, revision: appended.revision, logPosition: appended.logPosition }
            : unchanged.get(entry.statementId)!;
        });
        const position = Math.max(...list.map((item) => item.logPosition));
        return { status: result ? 201 : 200, body: { items: list }, headers: { 'Ledger-Position': String(position) } };
      };
      if (items.length === 0) return answer(null);
      try {
        const result = await this.writer.append({ items, idempotency: idempotencyFor(context.idempotency, answer) });
        return outcomeOf(result, answer);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt === 0) continue;
        throw error;
      }
    }
  }
}
