import type { RegisteredActor, ActorChanges } from './actor.types.js';

export type ActorRegistered = { type: 'ActorRegistered'; data: RegisteredActor };
/** `changes` holds only the fields whose value the revision changed. */
export type ActorRevised = { type: 'ActorRevised'; data: { slug: string; changes: ActorChanges } };

export type ActorEvent = ActorRegistered | ActorRevised;

export const actorStreamId = (slug: string): string => `actor-${slug}`;
