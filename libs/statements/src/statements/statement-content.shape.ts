import { optional, required, type ObjectShape } from '../validation/object-shape.js';
import { cameoCodeRule } from '../values/cameo-code.value.js';
import { countryCodeRule } from '../values/country-code.value.js';
import { quoteRule, shortTextRule, summaryRule } from '../values/free-text.value.js';
import { languageTagRule } from '../values/language-tag.value.js';
import { positionRule } from '../values/position.value.js';
import { publishedAtRule } from '../values/published-at.value.js';
import { sourceUrlRule } from '../values/source-url.value.js';
import { statedAtRule } from '../values/stated-at.value.js';
import { topicSlugRule } from '../values/topic-slug.value.js';
import { uuidRule } from '../values/uuid.value.js';

/**
 * The fields of a statement's content and their rules, in the contract's order. `now`
 * bounds statedAt (end of tomorrow); null checks only its fixed lower bound.
 */
export function statementContentShape(now: Date | null): ObjectShape {
  return {
    actor: {
      required: true,
      shape: { country: required(countryCodeRule), body: optional(shortTextRule), person: optional(shortTextRule), role: optional(shortTextRule) },
    },
    topic: required(topicSlugRule),
    target: optional(countryCodeRule),
    position: required(positionRule),
    statedAt: required(statedAtRule(now)),
    summary: optional(summaryRule),
    quote: optional(quoteRule),
    quoteLanguage: optional(languageTagRule),
    source: {
      required: true,
      shape: { url: required(sourceUrlRule), publisher: optional(shortTextRule), publishedAt: optional(publishedAtRule) },
    },
    cameoCode: optional(cameoCodeRule),
    utteranceId: optional(uuidRule),
  };
}

/** The fields a correction may change: all of the content. */
export const CORRECTABLE_FIELDS = Object.keys(statementContentShape(null));
