import { valueSchema } from '../validation/field-schema.js';
import { accept, refuse, type ValueRule } from '../validation/value-rule.js';

/** How firmly the position was put: `firm`, `hedged` ("may", "is looking at"), `conditional` ("if …, then …"). */
export const MODALITIES = ['firm', 'hedged', 'conditional'] as const;
export type Modality = (typeof MODALITIES)[number];

const modalityRule: ValueRule<Modality> = (value) =>
  typeof value === 'string' && (MODALITIES as readonly string[]).includes(value)
    ? accept(value as Modality)
    : refuse(`expected one of ${MODALITIES.join(', ')}`);

export const modalitySchema = valueSchema(
  modalityRule,
  { type: 'string', enum: [...MODALITIES], description: '`firm` (default), `hedged` or `conditional`.' },
  'Modality',
);
