import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { parseCalendarTime } from './calendar-time.value.js';
import { valueSchema } from '../validation/field-schema.js';

/** A publication date: a calendar date or an RFC 3339 date-time, kept exactly as sent. */
export const publishedAtRule = textRule({ max: 64 }, (date) => {
  const span = parseCalendarTime(date, ['day', 'instant']);
  return 'problem' in span ? refuse(span.problem) : accept(date);
});

export const publishedAtSchema = valueSchema(
  publishedAtRule,
  { type: 'string', description: 'A date (YYYY-MM-DD) or an RFC 3339 date-time.', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  'DateOrDateTime',
);
