import { textRule, textSchema } from '../validation/text.rules.js';

/** Short free text: a person's name, a body, a role, a publishing house. */
export const shortTextRule = textRule({ max: 200 });
export const titleRule = textRule({ min: 1, max: 200 });
export const summaryRule = textRule({ max: 2000 });
export const descriptionRule = textRule({ max: 2000 });
export const quoteRule = textRule({ max: 5000 });
/** Why a statement was corrected or retracted. */
export const reasonRule = textRule({ min: 1, max: 2000 });

export const shortTextSchema = textSchema({ max: 200 });
export const summaryTextSchema = textSchema({ max: 2000 });
export const quoteTextSchema = textSchema({ max: 5000 });
