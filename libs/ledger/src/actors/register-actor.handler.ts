import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorStreamId, decideActor } from '@app/statements';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { ActorWritten } from '../results.js';
import { RegisterActor } from './actor-commands.js';
import { ACTOR_RETRY, actorModel } from './actor-stream.js';

@CommandHandler(RegisterActor)
export class RegisterActorHandler implements ICommandHandler<RegisterActor> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ actor, context }: RegisterActor): Promise<ActorWritten> {
    return handleCommand(this.writer, context, {
      model: actorModel,
      streams: [{ streamId: actorStreamId(actor.slug) }],
      decide: ({ state }) => decideActor({ type: 'RegisterActor', actor }, state),
      // `no_stream`: of two concurrent registrations of one slug, the second gets a conflict.
      expected: 'no_stream',
      retry: ACTOR_RETRY,
      answer: ({ appended }) => ({ actor, logPosition: appended!.logPosition, created: true }),
    });
  }
}
