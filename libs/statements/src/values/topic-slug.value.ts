import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

/** A topic's slug: lower-case words of letters and digits joined by single hyphens. */
export const TOPIC_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const TOPIC_SLUG_MAX = 64;

export const topicSlugRule = textRule({ max: TOPIC_SLUG_MAX }, (slug) =>
  TOPIC_SLUG.test(slug) ? accept(slug) : refuse('expected a slug: lower-case letters and digits in words joined by hyphens (e.g. aukus-pillar-ii)'),
);

export const topicSlugSchema = valueSchema(
  topicSlugRule,
  {
    type: 'string',
    pattern: TOPIC_SLUG.source,
    maxLength: TOPIC_SLUG_MAX,
    description: `A topic's slug: lower-case words joined by hyphens, at most ${TOPIC_SLUG_MAX} characters. It never changes.`,
    examples: ['aukus-pillar-ii'],
  },
  'TopicSlug',
);
