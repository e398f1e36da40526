import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideTopic, parseTopic } from '@app/statements';
import { validationProblem } from '../../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import { toNewEvents } from '../command-context.js';
import { LedgerWriter } from '../ledger-writer.js';
import { RegisterTopicCommand } from './topic-commands.js';
import { loadTopic } from './topic-stream.js';

@CommandHandler(RegisterTopicCommand)
export class RegisterTopicHandler implements ICommandHandler<RegisterTopicCommand> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ body, context }: RegisterTopicCommand): Promise<WriteOutcome> {
    const parsed = parseTopic(body);
    if (!parsed.ok) throw validationProblem(parsed.errors);
    const topic = parsed.value;
    const current = await loadTopic(this.writer, topic.slug);
    const events = decideTopic({ type: 'RegisterTopic', topic }, current.state);
    // `no_stream`: of two concurrent registrations of one slug, the second gets a 409.
    const result = await this.writer.append({ items: [{ streamId: current.streamId, expected: 'no_stream', events: toNewEvents(context, events) }] });
    return {
      status: 201,
      body: { slug: topic.slug, title: topic.title, description: topic.description ?? null },
      headers: { Location: `/v1/topics/${topic.slug}`, 'Ledger-Position': String(result.logPosition) },
    };
  }
}
