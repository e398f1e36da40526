import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorStreamId, decideActor } from '@app/statements';
import { LedgerWriter } from '../ledger-writer.js';
import { handleCommand } from '../pipeline/handle-command.js';
import type { ActorWritten } from '../results.js';
import { ReviseActor } from './actor-commands.js';
import { ACTOR_RETRY, actorModel } from './actor-stream.js';

@CommandHandler(ReviseActor)
export class ReviseActorHandler implements ICommandHandler<ReviseActor> {
  constructor(private readonly writer: LedgerWriter) {}

  execute({ slug, changes, context }: ReviseActor): Promise<ActorWritten> {
    return handleCommand(this.writer, context, {
      model: actorModel,
      streams: [{ streamId: actorStreamId(slug) }],
      decide: ({ state }) => decideActor({ type: 'ReviseActor', slug, changes }, state),
      expected: 'read',
      retry: ACTOR_RETRY,
      answer: ({ streams: [current], appended }) => ({
        actor: appended ? { ...current.state.actor!, ...changes } : current.state.actor!,
        logPosition: appended ? appended.logPosition : current.lastLogPosition!,
        created: false,
      }),
    });
  }
}
