import { evolveActor, initialActorState, isActorEvent, type ActorState } from '@app/statements';
import type { StreamModel } from '../pipeline/handle-command.js';

export const actorModel: StreamModel<ActorState> = {
  initialState: initialActorState,
  evolve: (state, event) => (isActorEvent(event) ? evolveActor(state, event) : state),
};

/** A lost race on an actor stands (409), as on a topic: registering or revising an actor is not decided again. */
export const ACTOR_RETRY = { onConflict: 'retry', retries: 0 } as const;
