import type { ActorCommand } from './actor.commands.js';
import { ActorAlreadyRegisteredError, ActorNotFoundError, InvalidActorRevisionError } from './actor.errors.js';
import type { ActorEvent } from './actor.events.js';
import type { ActorState } from './actor.evolve.js';
import { kindProblems } from './actor.schema.js';
import type { ActorChanges } from './actor.types.js';

const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((code, i) => code === b[i]);

export function decideActor(command: ActorCommand, state: ActorState): ActorEvent[] {
  switch (command.type) {
    case 'RegisterActor':
      if (state.actor) throw new ActorAlreadyRegisteredError(command.actor.slug);
      return [{ type: 'ActorRegistered', data: command.actor }];
    case 'ReviseActor': {
      const current = state.actor;
      if (!current) throw new ActorNotFoundError(command.slug);
      const { name, description, members } = command.changes;
      if (members !== undefined) {
        const problems = kindProblems(current.kind, current.country, members).filter((problem) => problem.pointer === '/members');
        if (problems.length > 0) throw new InvalidActorRevisionError(problems);
      }
      const changes: ActorChanges = {};
      if (name !== undefined && name !== current.name) changes.name = name;
      if (description !== undefined && description !== current.description) changes.description = description;
      if (members !== undefined && !sameMembers(members, current.members)) changes.members = members;
      // Nothing changed: nothing to write (the API answers 200 with the actor as it is).
      return Object.keys(changes).length === 0 ? [] : [{ type: 'ActorRevised', data: { slug: current.slug, changes } }];
    }
  }
}
