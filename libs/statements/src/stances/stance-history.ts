import { POSITIONS, scoreOf, toPosition, type Position, type Score } from '../values/position.value.js';
import { statedInterval } from '../values/stated-at.value.js';
import { classifyChange, classifyShift, type PositionChange, type PositionShift } from './position-change.js';
import type { OrderedStatement } from './statement-order.js';

/** How one statement of a key's history moved from the one before it. */
export interface HistoryStep {
  change: PositionChange;
  shift: PositionShift;
  /** Its [statedFrom, statedTo) overlaps the previous one's: which was said first is not known. */
  orderUncertain: boolean;
}

export interface StanceHistoryItem extends HistoryStep {
  statementId: string;
  position: Position;
  score: Score;
  statedAt: string;
}

type Said = Pick<OrderedStatement, 'position' | 'statedAt'>;

/**
 * The step from `previous` (null for a key's first statement) to `statement`, two adjacent
 * statements of one key in statement order: the one classification the history and the
 * flips share.
 */
export function historyStep(previous: Said | null, statement: Said): HistoryStep {
  const position = toPosition(statement.position);
  const before = previous === null ? null : toPosition(previous.position);
  return {
    change: classifyChange(before, position),
    shift: classifyShift(before, position),
    orderUncertain: previous !== null && overlaps(statedInterval(previous.statedAt), statedInterval(statement.statedAt)),
  };
}

/** Two half-open intervals [from, to) share an instant. */
function overlaps(a: { statedFrom: string; statedTo: string }, b: { statedFrom: string; statedTo: string }): boolean {
  return Date.parse(a.statedFrom) < Date.parse(b.statedTo) && Date.parse(b.statedFrom) < Date.parse(a.statedTo);
}

/** A key's active statements, given in statement order, each with how it moved from the previous one. */
export function historyOf(ordered: readonly OrderedStatement[]): StanceHistoryItem[] {
  return ordered.map((statement, i) => {
    const position = toPosition(statement.position);
    const step = historyStep(i === 0 ? null : ordered[i - 1], statement);
    return { statementId: statement.statementId, position, score: scoreOf(position), statedAt: statement.statedAt, ...step };
  });
}

/** The changes that make a flip: a statement whose position moved from the previous one's. */
export const FLIP_CHANGES = ['half_flip', 'full_flop'] as const satisfies readonly PositionChange[];
export type FlipChange = (typeof FLIP_CHANGES)[number];

/** The shifts a flip can have (a moved position always moves the score). */
export const FLIP_SHIFTS = ['stronger', 'weaker', 'to_neutral', 'from_neutral', 'reversal'] as const satisfies readonly PositionShift[];
export type FlipShift = (typeof FLIP_SHIFTS)[number];

/**
 * Every (previous, next) pair of positions whose step is a flip of one of `changes` with one
 * of `shifts`: `historyStep`'s own classification enumerated over the positions, so that a
 * query can select the pairs of a flip filter before it classifies them.
 */
export function flipMoves(changes: readonly FlipChange[] = FLIP_CHANGES, shifts: readonly FlipShift[] = FLIP_SHIFTS): [Position, Position][] {
  const moves: [Position, Position][] = [];
  for (const before of POSITIONS) {
    for (const after of POSITIONS) {
      const change = classifyChange(before, after);
      const shift = classifyShift(before, after);
      if ((changes as readonly string[]).includes(change) && (shifts as readonly string[]).includes(shift)) moves.push([before, after]);
    }
  }
  return moves;
}
