import { valueSchema } from '../validation/field-schema.js';
import { textRule } from '../validation/text.rules.js';
import { accept } from '../validation/value-rule.js';
import { actorSlugRule } from './actor-slug.value.js';
import { countryCodeRule, isCountryCode } from './country-code.value.js';

/**
 * A stance's holder or target: an upper-case country code (that country's government) or a
 * registered actor's slug (lower case, never a country code). A country code in lower case
 * (`kor`) is refused as the code it spells, since no actor's slug may be one.
 */
export const countryOrActorRule = textRule({ max: 64 }, (value) => {
  const upper = value.toUpperCase();
  if (isCountryCode(value)) return accept(value);
  if (isCountryCode(upper)) return countryCodeRule(value);
  const slug = actorSlugRule(value);
  return slug.ok ? slug : { ok: false as const, detail: `expected a country code (upper case) or an actor's slug: ${slug.detail}` };
});

export const countryOrActorSchema = valueSchema(
  countryOrActorRule,
  {
    type: 'string',
    anyOf: [{ $ref: '#/components/schemas/CountryCode' }, { $ref: '#/components/schemas/ActorSlug' }],
    description: "An upper-case country code (that country's government) or a registered actor's slug (lower case; an unregistered one → 422).",
    examples: ['KOR', 'aukus'],
  },
  'CountryOrActor',
);

/** Whether a holder or target names a country (else an actor's slug). */
export const namesCountry = (holder: string): boolean => isCountryCode(holder);
