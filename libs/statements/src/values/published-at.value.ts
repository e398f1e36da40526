import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { parseCalendarTime } from './calendar-time.value.js';
import { STATED_AT_FORMS } from './stated-at.value.js';
import { valueSchema } from '../validation/field-schema.js';

/** A publication date at any precision a statedAt takes (a year, a month, a day, an RFC 3339 date-time), kept exactly as sent. */
export const publishedAtRule = textRule({ max: 64 }, (date) => {
  const span = parseCalendarTime(date, STATED_AT_FORMS);
  return 'problem' in span ? refuse(span.problem) : accept(date);
});

export const publishedAtSchema = valueSchema(
  publishedAtRule,
  {
    type: 'string',
    description: 'YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time (a source dated only to the month is common in print).',
    anyOf: [{ pattern: '^[0-9]{4}$' }, { pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }, { format: 'date' }, { format: 'date-time' }],
  },
  'PublicationDate',
);
