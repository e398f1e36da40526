import { GetActorHandler, ListActorsHandler } from './actor.query-handlers.js';

export const actorHandlers = [GetActorHandler, ListActorsHandler];
