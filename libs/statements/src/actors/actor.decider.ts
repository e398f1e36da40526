import type { Decider } from '../decider.js';
import type { ActorCommand } from './actor.commands.js';
import { decideActor } from './actor.decide.js';
import type { ActorEvent } from './actor.events.js';
import { evolveActor, initialActorState, type ActorState } from './actor.evolve.js';

export const actorDecider: Decider<ActorCommand, ActorEvent, ActorState> = {
  decide: decideActor,
  evolve: evolveActor,
  initialState: initialActorState,
};
