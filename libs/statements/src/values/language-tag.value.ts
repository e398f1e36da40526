import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';

/**
 * quoteLanguage: a well-formed BCP 47 language tag, as Intl understands one ("ko",
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
