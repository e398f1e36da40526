import { accept, refuse, type ValueRule } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

/** The positions a statement can take, from most against to most for. */
export const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'] as const;
export type Position = (typeof POSITIONS)[number];
export type Score = -2 | -1 | 0 | 1 | 2;

export const POSITION_SCORES: Readonly<Record<Position, Score>> = { opposes: -2, concerned: -1, neutral: 0, considering: 1, supports: 2 };

export function isPosition(value: unknown): value is Position {
  return typeof value === 'string' && (POSITIONS as readonly string[]).includes(value);
}

/** A position read back from storage; anything else there is a bug, so it throws. */
export function toPosition(value: string): Position {
  if (!isPosition(value)) throw new RangeError(`not a position: ${JSON.stringify(value)}`);
  return value;
}

/** opposes −2, concerned −1, neutral 0, considering +1, supports +2. */
export function scoreOf(position: Position): Score {
  return POSITION_SCORES[toPosition(position)];
}

export const positionRule: ValueRule<Position> = (value) => (isPosition(value) ? accept(value) : refuse(`expected one of ${POSITIONS.join(', ')}`));

const SCORES_TEXT = POSITIONS.map(
  (position) => `${position} ${POSITION_SCORES[position] > 0 ? '+' : POSITION_SCORES[position] < 0 ? '−' : ''}${Math.abs(POSITION_SCORES[position])}`,
).join(', ');

export const positionSchema = valueSchema(
  positionRule,
  { type: 'string', enum: [...POSITIONS], description: `The stance taken; its score is ${SCORES_TEXT}.` },
  'Position',
);

/** The JSON Schema of a position's score. */
export const SCORE_JSON = { type: 'integer', minimum: -2, maximum: 2, description: `The position's score: ${SCORES_TEXT}.` };
