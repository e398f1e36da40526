import { scoreOf, toPosition, type Position, type Score } from '../values/position.value.js';
import type { OrderedStatement } from './statement-order.js';

/** Where a stance key stands: its last statement, since when, out of how many. */
export interface ComputedStance {
  position: Position;
  score: Score;
  statedAt: string;
  statementId: string;
  /** statedAt of the first statement of the unbroken run of this position that ends at the last. */
  since: string;
  statementCount: number;
}

/**
 * The stance of a key from its active statements, given already in statement order
 * (compareStatementOrder); null when there are none.
 */
export function computeStance(ordered: readonly OrderedStatement[]): ComputedStance | null {
  const last = ordered.at(-1);
  if (!last) return null;
  let runStart = ordered.length - 1;
  while (runStart > 0 && ordered[runStart - 1].position === last.position) runStart--;
  const position = toPosition(last.position);
  return {
    position,
    score: scoreOf(position),
    statedAt: last.statedAt,
    statementId: last.statementId,
    since: ordered[runStart].statedAt,
    statementCount: ordered.length,
  };
}
