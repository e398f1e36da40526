import { valueSchema } from '../validation/field-schema.js';
import { accept, refuse, type ValueRule } from '../validation/value-rule.js';

/**
 * How the holder's position came to be known: `on_record` (a named speaker, on the record),
 * `unnamed_official` ("a senior NSC official said"), `anonymous_sources` ("sources in the
 * ministry said"), `reported` (told by someone else: the speaker is not the holder).
 */
export const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

const attributionRule: ValueRule<Attribution> = (value) =>
  typeof value === 'string' && (ATTRIBUTIONS as readonly string[]).includes(value)
    ? accept(value as Attribution)
    : refuse(`expected one of ${ATTRIBUTIONS.join(', ')}`);

export const attributionSchema = valueSchema(
  attributionRule,
  {
    type: 'string',
    enum: [...ATTRIBUTIONS],
    description:
      "`on_record` (default): a named speaker, on the record; `unnamed_official`: an official not named; `anonymous_sources`: unnamed sources; `reported`: the holder's position as told by someone else (the speaker in `actor` is not the holder).",
  },
  'Attribution',
);
