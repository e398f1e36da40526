import { Command } from '@nestjs/cqrs';
import type { RegisteredActor, ActorChanges } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import type { ActorWritten } from '../results.js';

/** Register an actor (its slug, kind and country never change). */
export class RegisterActor extends Command<ActorWritten> {
  constructor(
    readonly actor: RegisteredActor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Revise an actor's name, description or members; a revision that changes nothing writes nothing. */
export class ReviseActor extends Command<ActorWritten> {
  constructor(
    readonly slug: string,
    readonly changes: ActorChanges,
    readonly context: CommandContext,
  ) {
    super();
  }
}
