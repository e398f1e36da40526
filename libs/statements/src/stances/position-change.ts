import { scoreOf, type Position } from '../values/position.value.js';

/** How a statement's position moved from the previous statement of its stance key. */
export const POSITION_CHANGES = ['initial', 'no_flip', 'half_flip', 'full_flop'] as const;
export type PositionChange = (typeof POSITION_CHANGES)[number];

/**
 * `initial`: nothing before; `no_flip`: the same position; `full_flop`: across neutral, from
 * considering/supports to concerned/opposes or back; `half_flip`: any other move — along
 * one side, or to or from neutral.
 */
export function classifyChange(previous: Position | null, position: Position): PositionChange {
  if (previous === null) return 'initial';
  if (previous === position) return 'no_flip';
  return Math.sign(scoreOf(previous)) * Math.sign(scoreOf(position)) < 0 ? 'full_flop' : 'half_flip';
}

/** The same move told by score and side (v2): finer than `change` where a half flip is meant. */
export const POSITION_SHIFTS = ['none', 'stronger', 'weaker', 'to_neutral', 'from_neutral', 'reversal'] as const;
export type PositionShift = (typeof POSITION_SHIFTS)[number];

/**
 * `none`: nothing before, or the same score; `to_neutral` / `from_neutral`: to or from a
 * score of 0; `reversal`: across neutral; on the same side `stronger` (further from neutral)
 * or `weaker` (toward it).
 */
export function classifyShift(previous: Position | null, position: Position): PositionShift {
  if (previous === null) return 'none';
  const [before, after] = [scoreOf(previous), scoreOf(position)];
  if (before === after) return 'none';
  if (after === 0) return 'to_neutral';
  if (before === 0) return 'from_neutral';
  if (Math.sign(before) !== Math.sign(after)) return 'reversal';
  return Math.abs(after) > Math.abs(before) ? 'stronger' : 'weaker';
}
