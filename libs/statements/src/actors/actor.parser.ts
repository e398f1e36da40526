import type { FieldError, Parsed } from '../validation/field-error.js';
import { readObject } from '../validation/object-shape.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import { actorRevisionSchema, registeredActorSchema, kindProblems } from './actor.schema.js';
import type { RegisteredActor, ActorChanges } from './actor.types.js';

/** An actor to register, as sent → the actor (members [] and description null when omitted), or every field that is wrong. */
export function parseActor(body: unknown): Parsed<RegisteredActor> {
  const errors: FieldError[] = [];
  const read = readObject(body, objectShapeOf(registeredActorSchema, null), 'whole', '', errors) as Omit<RegisteredActor, 'members'> & {
    members?: string[] | null;
  };
  // The kind's rules, for the fields that are well-formed themselves (a bad one already has its error).
  const failed = new Set(errors.map((error) => error.pointer));
  if (read.kind !== undefined && !failed.has('/kind')) {
    const country = failed.has('/country') ? undefined : read.country;
    const members = failed.has('/members') ? undefined : (read.members ?? []);
    errors.push(...kindProblems(read.kind, country, members));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...read, members: read.members ?? [] } };
}

/** An actor revision, as sent → the fields sent (members null means none); whether they fit the actor's kind is decide's to check. */
export function parseActorRevision(body: unknown): Parsed<ActorChanges> {
  const errors: FieldError[] = [];
  const read = readObject(body, objectShapeOf(actorRevisionSchema, null), 'patch', '', errors) as ActorChanges & { members?: string[] | null };
  if (errors.length > 0) return { ok: false, errors };
  const { members, ...rest } = read;
  return { ok: true, value: members === undefined ? rest : { ...rest, members: members ?? [] } };
}
