import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideTopic, topicStreamId } from '@app/statements';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { TopicWritten } from '../results.js';
import { ReviseTopic } from './topic-commands.js';
import { TOPIC_RETRY, topicModel } from './topic-stream.js';

@CommandHandler(ReviseTopic)
export class ReviseTopicHandler implements ICommandHandler<ReviseTopic> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ slug, changes, context }: ReviseTopic): Promise<TopicWritten> {
    return handleCommand(this.writer, context, {
      model: topicModel,
      streams: [{ streamId: topicStreamId(slug) }],
      decide: ({ state }) => decideTopic({ type: 'ReviseTopic', slug, changes }, state),
      expected: 'read',
      retry: TOPIC_RETRY,
      answer: ({ streams: [current], appended }) => {
        const topic = appended ? { ...current.state.topic!, ...changes } : current.state.topic!;
        return {
          topic: { slug: topic.slug, title: topic.title, description: topic.description ?? null },
          logPosition: appended ? appended.logPosition : current.lastLogPosition!,
          created: false,
        };
      },
    });
  }
}
