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
