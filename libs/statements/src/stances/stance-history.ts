import { scoreOf, toPosition, type Position, type Score } from '../values/position.value.js';
import { classifyChange, type PositionChange } from './position-change.js';
import type { OrderedStatement } from './statement-order.js';

export interface StanceHistoryItem {
  statementId: string;
  position: Position;
  score: Score;
  statedAt: string;
  /** Against the previous item. */
  change: PositionChange;
}

/** A key's active statements, given in statement order, each with how it changed the position. */
export function historyOf(ordered: readonly OrderedStatement[]): StanceHistoryItem[] {
  let previous: Position | null = null;
  return ordered.map((statement) => {
    const position = toPosition(statement.position);
    const change = classifyChange(previous, position);
    previous = position;
    return { statementId: statement.statementId, position, score: scoreOf(position), statedAt: statement.statedAt, change };
  });
}
