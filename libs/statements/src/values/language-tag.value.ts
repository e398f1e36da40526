import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

/**
 * A language: a well-formed BCP 47 tag, as Intl understands one ("ko",
 * "en-GB", "zh-Hant-TW"). Kept as sent, not canonicalised, like every other field.
 */
export const languageTagRule = textRule({ max: 255 }, (tag) => {
  try {
    Intl.getCanonicalLocales(tag);
    return accept(tag);
  } catch {
    return refuse('expected a BCP 47 language tag (e.g. "ko", "en-GB")');
  }
});

// The schema documents the 35 characters RFC 5646 §4.4.1 asks every implementation to support.
export const languageTagSchema = valueSchema(languageTagRule, {
  type: 'string',
  minLength: 1,
  maxLength: 35,
  description: 'A BCP 47 language tag.',
  examples: ['ko'],
});
