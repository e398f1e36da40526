import type { RegisteredActor, ActorChanges } from './actor.types.js';

export type RegisterActor = { type: 'RegisterActor'; actor: RegisteredActor };
export type ReviseActor = { type: 'ReviseActor'; slug: string; changes: ActorChanges };

export type ActorCommand = RegisterActor | ReviseActor;
