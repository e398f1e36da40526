import { scoreOf, toPosition, type Position, type Score } from '../values/position.value.js';
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
