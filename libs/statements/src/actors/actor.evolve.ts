import type { ActorEvent } from './actor.events.js';
import type { RegisteredActor } from './actor.types.js';

export interface ActorState {
  /** The actor as registered and revised; null while its stream is empty. */
  actor: RegisteredActor | null;
}

export const initialActorState: ActorState = { actor: null };

export function evolveActor(state: ActorState, event: ActorEvent): ActorState {
  switch (event.type) {
    case 'ActorRegistered':
      return { actor: { ...event.data, members: event.data.members ?? [], description: event.data.description ?? null } };
    case 'ActorRevised':
      return state.actor ? { actor: { ...state.actor, ...event.data.changes } } : state;
    default:
      return state;
  }
}
