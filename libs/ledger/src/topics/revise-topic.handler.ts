import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideTopic, parseTopicRevision } from '@app/statements';
import { validationProblem } from '../../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import { toNewEvents } from '../command-context.js';
import { LedgerWriter } from '../ledger-writer.js';
import { ReviseTopicCommand } from './topic-commands.js';
import { loadTopic } from './topic-stream.js';

@CommandHandler(ReviseTopicCommand)
export class ReviseTopicHandler implements ICommandHandler<ReviseTopicCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ slug, body, context }: ReviseTopicCommand): Promise<WriteOutcome> {
    const parsed = parseTopicRevision(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const current = await loadTopic(this.writer, slug);
    const events = decideTopic({ type: 'ReviseTopic', slug, changes: parsed.value }, current.state);
    let position = current.lastLogPosition!;
    let topic = current.state.topic!;
    if (events.length > 0) {
      const result = await this.writer.append({
        items: [{ streamId: current.streamId, expected: current.revision!, events: toNewEvents(context, events) }],
      });
      position = result.logPosition;
      topic = { ...topic, ...parsed.value };
    }
    return {
      status: 200,
      body: { slug: topic.slug, title: topic.title, description: topic.description ?? null },
      headers: { 'Ledger-Position': String(position) },
    };
  }
}
