import { textRule } from '../validation/text.rules.js';
import { accept, type ValueRule } from '../validation/value-rule.js';
import { ruleSchema } from '../validation/field-schema.js';
import { parseStatedAt } from './stated-interval.js';

export * from './stated-interval.js';

/** statedAt as a field: kept exactly as sent. */
export function statedAtRule(now: Date | null): ValueRule<string> {
  return textRule({ max: 64 }, (statedAt) => {
    const parsed = parseStatedAt(statedAt, now);
    return parsed.ok ? accept(statedAt) : parsed;
  });
}

export const statedAtSchema = ruleSchema(
  ({ now }) => statedAtRule(now),
  {
    type: 'string',
    description:
      'When it was said (valid time), at the precision known: YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time, or an interval `<start>/<end>` of two of these ("at some time within"; start before end); returned exactly as sent. It covers the UTC interval [statedFrom, statedTo) (a year, a month, a day, an instant; an interval from its start\'s beginning to its end\'s end); statedFrom must lie between 1900-01-01 and the end of tomorrow (UTC).',
    anyOf: [
      { title: 'year', pattern: '^[0-9]{4}$' },
      { title: 'month', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
      { title: 'day', format: 'date' },
      { title: 'instant', format: 'date-time' },
      { title: 'interval', pattern: '^[^/]+/[^/]+$' },
    ],
    examples: ['2024-11'],
  },
  'StatedAt',
);
