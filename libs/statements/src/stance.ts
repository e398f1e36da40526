import type { Position } from './statement.types.js';

const SCORES: Record<Position, number> = { opposes: -2, concerned: -1, neutral: 0, considering: 1, supports: 2 };

export function scoreOf(position: Position | string): number {
  const score = SCORES[position as Position];
  if (score === undefined) throw new Error(`not a position: ${position}`);
  return score;
}

export type Change = 'initial' | 'no_flip' | 'half_flip' | 'full_flop';

/**
 * How a statement's position moved from the previous one of its key: `full_flop` crosses
 * from the supporting side (considering, supports) to the opposing side (concerned,
 * opposes) or back; any other move — on one side, or to or from neutral — is `half_flip`.
 */
export function classifyChange(previous: Position | string | null, position: Position | string): Change {
  if (previous === null) return 'initial';
  if (previous === position) return 'no_flip';
  return Math.sign(scoreOf(previous)) * Math.sign(scoreOf(position)) === -1 ? 'full_flop' : 'half_flip';
}

/** A statement of a stance key, as the ordering and the stance need it. */
export interface OrderedStatement {
  statementId: string;
  position: Position | string;
  statedAt: string;
  /** UTC instant where statedAt's interval starts. */
  statedFrom: string;
  /** logPosition of the statement's StatementRecorded. */
  recordLogPosition: number;
}

/** Statement order within a key: by statedFrom, ties by recording order. */
export function compareStatementOrder(a: OrderedStatement, b: OrderedStatement): number {
  const byTime = Date.parse(a.statedFrom) - Date.parse(b.statedFrom);
  return byTime !== 0 ? byTime : a.recordLogPosition - b.recordLogPosition;
}

export interface ComputedStance {
  position: Position;
  score: number;
  statedAt: string;
  statementId: string;
  since: string;
  statementCount: number;
}

/**
 * The stance of a key from its active statements, already in statement order: the last
 * one, `since` the first statement of the unbroken run of its position, and the count.
 */
export function computeStance(ordered: OrderedStatement[]): ComputedStance | null {
  if (ordered.length === 0) return null;
  const last = ordered[ordered.length - 1];
  let runStart = ordered.length - 1;
  while (runStart > 0 && ordered[runStart - 1].position === last.position) runStart--;
  return {
    position: last.position as Position,
    score: scoreOf(last.position),
    statedAt: last.statedAt,
    statementId: last.statementId,
    since: ordered[runStart].statedAt,
    statementCount: ordered.length,
  };
}

export interface HistoryEntry {
  statementId: string;
  position: Position;
  score: number;
  statedAt: string;
  change: Change;
}

/** The key's statements in order, each with how it changed from the one before. */
export function historyOf(ordered: OrderedStatement[]): HistoryEntry[] {
  return ordered.map((statement, index) => ({
    statementId: statement.statementId,
    position: statement.position as Position,
    score: scoreOf(statement.position),
    statedAt: statement.statedAt,
    change: classifyChange(index === 0 ? null : ordered[index - 1].position, statement.position),
  }));
}
