import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideTopic, topicStreamId } from '@app/statements';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { TopicWritten } from '../results.js';
import { RegisterTopic } from './topic-commands.js';
import { TOPIC_RETRY, topicModel } from './topic-stream.js';

@CommandHandler(RegisterTopic)
export class RegisterTopicHandler implements ICommandHandler<RegisterTopic> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ topic, context }: RegisterTopic): Promise<TopicWritten> {
    return handleCommand(this.writer, context, {
      model: topicModel,
      streams: [{ streamId: topicStreamId(topic.slug) }],
      decide: ({ state }) => decideTopic({ type: 'RegisterTopic', topic }, state),
      // `no_stream`: of two concurrent registrations of one slug, the second gets a conflict.
      expected: 'no_stream',
      retry: TOPIC_RETRY,
      answer: ({ appended }) => ({
        topic: { slug: topic.slug, title: topic.title, description: topic.description ?? null },
        logPosition: appended!.logPosition,
        created: true,
      }),
    });
  }
}
