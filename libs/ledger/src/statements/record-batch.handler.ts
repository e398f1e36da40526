import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideStatement, statementStreamId, topicStreamId } from '@app/statements';
import { randomUUID } from 'node:crypto';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { BatchItem, BatchRecorded } from '../results.js';
import { RecordBatch } from './record-batch.command.js';
import { registeredActorsAmong } from './registered-actors.js';
import { statementClaims } from './statement-claims.js';
import { statementModel } from './statement-stream.js';

/**
 * Every item's stream in one atomic unit. Retry: once, as for one statement. The topics
 * are looked up once for the batch; streams are read concurrently (the pool bounds it:
 * 100 client ids are not 100 round trips in a row), and a server-chosen id's not at all.
 */
@CommandHandler(RecordBatch)
export class RecordBatchHandler implements ICommandHandler<RecordBatch> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ statements, context }: RecordBatch): Promise<BatchRecorded> {
    const entries = statements.map((input) => ({ statementId: input.statementId ?? randomUUID(), fresh: input.statementId == null, content: input.content }));
    const topicNames = [...new Set(entries.map((entry) => entry.content.topic))];
    const registered = await Promise.all(topicNames.map((topic) => this.writer.streamExists(topicStreamId(topic))));
    const topics = new Map(topicNames.map((topic, index) => [topic, registered[index]]));
    const registeredActors = await registeredActorsAmong(
      this.writer,
      entries.flatMap(({ content }) => [content.holder, content.target]),
    );
    return handleCommand(this.writer, context, {
      model: statementModel,
      streams: entries.map((entry) => ({ streamId: statementStreamId(entry.statementId), fresh: entry.fresh })),
      decide: ({ state }, index) => {
        const { statementId, content } = entries[index];
        return decideStatement({ type: 'RecordStatement', statementId, content, topicRegistered: topics.get(content.topic)!, registeredActors }, state.state);
      },
      expected: 'no_stream',
      retry: { onConflict: 'retry', retries: 1 },
      stored: RecordBatch.stored,
      claims: statementClaims((index) => `/statements/${index}`),
      answer: ({ streams, appended }) => {
        const written = new Map(appended?.items.map((item) => [item.streamId, item]) ?? []);
        const items = entries.map(({ statementId }, index): BatchItem => {
          const item = written.get(streams[index].streamId);
          // An item already recorded with its content: where it stands, nothing written.
          return item
            ? { statementId, revision: item.revision, logPosition: item.logPosition }
            : { statementId, revision: streams[index].revision!, logPosition: streams[index].lastLogPosition! };
        });
        return { items, logPosition: Math.max(...items.map((item) => item.logPosition)), created: appended !== null };
      },
    });
  }
}
