import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';
import { isCountryCode } from './country-code.value.js';
import { TOPIC_SLUG, TOPIC_SLUG_MAX, topicSlugRule } from './topic-slug.value.js';

/** `none` means "no target" in queries; an actor by that name would be ambiguous wherever a holder or target is named. */
const RESERVED = 'none';

/**
 * An actor's slug: a topic's slug that is neither `none` nor a country code in any case, so
 * that a holder or a target names a country or an actor, never both.
 */
export const actorSlugRule = textRule({ max: TOPIC_SLUG_MAX }, (slug) => {
  const checked = topicSlugRule(slug);
  if (!checked.ok) return checked;
  if (slug === RESERVED) return refuse('none is reserved (it means "no target"); choose another slug');
  if (isCountryCode(slug.toUpperCase())) return refuse(`${slug} is a country code (${slug.toUpperCase()}); an actor's slug must not be one`);
  return accept(slug);
});

export const actorSlugSchema = valueSchema(
  actorSlugRule,
  {
    type: 'string',
    pattern: TOPIC_SLUG.source,
    maxLength: TOPIC_SLUG_MAX,
    description: `An actor's slug: lower-case words joined by hyphens, at most ${TOPIC_SLUG_MAX} characters, neither \`none\` nor a country code in any case (\`kor\`). It never changes.`,
    examples: ['aukus'],
  },
  'ActorSlug',
);
