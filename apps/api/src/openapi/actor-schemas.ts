import { actorRevisionSchema, registeredActorSchema, leavesOf, membersSchema, fieldMeta } from '@app/statements';
import { objectOf } from './declared-object.js';
import { ref, type JsonSchema } from './json-schema.js';

/**
 * The JSON Schemas of an actor and of the reference lists, the actor's derived from its one
 * declaration (@app/statements' actor.schema.ts) by `objectOf`.
 */

const AUKUS = { slug: 'aukus', name: 'AUKUS', kind: 'organization', country: null, members: ['AUS', 'GBR', 'USA'], description: null };

/** The value schemas an actor's fields refer to by name (ActorSlug, ActorKind). */
function components(): Record<string, JsonSchema> {
  const named: Record<string, JsonSchema> = {};
  for (const { meta } of leavesOf(registeredActorSchema))
    if (meta.component && meta.json && meta.component !== 'CountryCode') named[meta.component] = meta.json;
  return named;
}

const answer = objectOf(registeredActorSchema, 'answer');

const list = (item: string): JsonSchema => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(item) } } });

export const ACTOR_SCHEMAS: Record<string, JsonSchema> = {
  ...components(),
  // `Actor` is already the statement's speaker (who said it), in v1's document.
  RegisteredActor: {
    ...answer,
    // Answered as [] for a body of one country: never null.
    properties: { ...answer.properties, members: fieldMeta(membersSchema).json as JsonSchema },
    description:
      "A registered stance holder that is not a country's government: an organization of countries (`country` null, 2–200 `members`) or a body of one country (`country`, `members` []). Slug, kind and country never change.",
    example: AUKUS,
  },
  RegisteredActorInput: {
    ...objectOf(registeredActorSchema, 'input'),
    description:
      'An actor to register. An organization: `members` 2–200 distinct country codes, no `country`; any other kind: `country`, no members (omitted, null or []). Unknown fields are refused (400).',
    example: { slug: 'gbr-commons-fac', name: 'House of Commons Foreign Affairs Committee', kind: 'legislature', country: 'GBR' },
  },
  RegisteredActorRevision: {
    ...objectOf(actorRevisionSchema, 'patch'),
    description:
      'A revision of an actor: its name, description and/or members (replaced whole; an organization keeps 2–200). Slug, kind and country never change: naming them is refused (400), as is any other field.',
    example: { members: ['AUS', 'GBR', 'USA', 'JPN'] },
  },
  RegisteredActorList: list('RegisteredActor'),
  Country: {
    type: 'object',
    required: ['code', 'name', 'former'],
    additionalProperties: false,
    properties: {
      code: ref('CountryCode'),
      name: { type: 'string', description: 'Its English short name (ISO 3166).' },
      former: { type: 'boolean', description: "True for a former country's code (ISO 3166-3: SUN, YUG, CSK, DDR, …)." },
    },
    example: { code: 'KOR', name: 'Korea, Republic of', former: false },
  },
  CountryList: list('Country'),
  CameoEvent: {
    type: 'object',
    required: ['code', 'description', 'goldstein', 'quadClass'],
    additionalProperties: false,
    properties: {
      code: ref('CameoCode'),
      description: { type: 'string' },
      goldstein: { type: 'number', minimum: -10, maximum: 10, description: 'Goldstein scale: −10 (conflict) … +10 (cooperation).' },
      quadClass: { type: 'integer', enum: [1, 2, 3, 4], description: '1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.' },
    },
  },
  CameoList: list('CameoEvent'),
};
