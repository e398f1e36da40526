import { z } from 'zod';
import type { FieldError } from '../validation/field-error.js';
import { field, valueSchema } from '../validation/field-schema.js';
import { textRule, textSchema } from '../validation/text.rules.js';
import { accept, refuse, type ValueRule } from '../validation/value-rule.js';
import { actorSlugSchema } from '../values/actor-slug.value.js';
import { countryCodeRule, countryCodeSchema } from '../values/country-code.value.js';
import { ACTOR_KINDS, type ActorKind } from './actor.types.js';

export const MIN_MEMBERS = 2;
export const MAX_MEMBERS = 200;

const KINDS: ReadonlySet<string> = new Set(ACTOR_KINDS);

export const actorKindSchema = valueSchema(
  textRule({ max: 32 }, (kind) => (KINDS.has(kind) ? accept(kind as ActorKind) : refuse(`expected one of ${ACTOR_KINDS.join(', ')}`))),
  {
    type: 'string',
    enum: [...ACTOR_KINDS],
    description:
      '`organization`: several countries acting together (members, no country); the others: a body of one country that is not its government (country, no members). It never changes.',
  },
  'ActorKind',
);

/** Distinct country codes, at most MAX_MEMBERS, in the order sent; how many an actor needs depends on its kind (`kindProblems`). */
const membersRule: ValueRule<string[]> = (value) => {
  if (!Array.isArray(value)) return refuse('expected an array of country codes');
  if (value.length > MAX_MEMBERS) return refuse(`must have at most ${MAX_MEMBERS} members; got ${value.length}`);
  const seen = new Set<string>();
  for (const [index, code] of value.entries()) {
    const checked = countryCodeRule(code);
    if (!checked.ok) return refuse(`item ${index}: ${checked.detail}`);
    if (seen.has(checked.value)) return refuse(`item ${index}: ${checked.value} is named twice; members are distinct`);
    seen.add(checked.value);
  }
  return accept(value as string[]);
};

export const membersSchema = valueSchema(membersRule, {
  type: 'array',
  uniqueItems: true,
  maxItems: MAX_MEMBERS,
  items: { $ref: '#/components/schemas/CountryCode' },
  description: `An organization's member countries: ${MIN_MEMBERS}–${MAX_MEMBERS} distinct country codes, kept in the order sent. A body of one country has none (omitted, null or []).`,
  examples: [['AUS', 'GBR', 'USA']],
});

const nameSchema = field(textSchema({ min: 1, max: 200 }), { description: "The actor's name, 1–200 code points." });
const descriptionSchema = field(textSchema({ max: 2000 }), { description: 'What the actor is, or null.' });

/** The one declaration of an actor as registered, in the contract's order. */
export const registeredActorSchema = z.strictObject({
  slug: actorSlugSchema,
  name: nameSchema,
  kind: actorKindSchema,
  country: field(countryCodeSchema, { description: "The body's country; null for an organization." }).nullable(),
  members: membersSchema.nullable(),
  description: descriptionSchema.nullable(),
});

/** What a revision may change: the slug, kind and country never change, so naming them is an unknown field. */
export const actorRevisionSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.nullable(),
  members: membersSchema.nullable(),
});

/** What the kind requires of country and members, as errors at their pointers (none when they fit). */
export function kindProblems(kind: ActorKind, country: string | null | undefined, members: readonly string[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (kind === 'organization') {
    if (country) errors.push({ pointer: '/country', detail: 'an organization has no country: its members say which countries act together' });
    if (members && members.length < MIN_MEMBERS) {
      errors.push({ pointer: '/members', detail: `an organization needs ${MIN_MEMBERS}–${MAX_MEMBERS} distinct member countries; got ${members.length}` });
    }
  } else {
    if (country === null) errors.push({ pointer: '/country', detail: `is required: a ${kind} is a body of one country` });
    if (members && members.length > 0) errors.push({ pointer: '/members', detail: `only an organization has members; a ${kind} belongs to its country` });
  }
  return errors;
}
