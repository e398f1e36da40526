/** A statement of a stance key as ordering, the stance and its history need it. */
export interface OrderedStatement {
  statementId: string;
  /** A position (as read back from the read models, where it is plain text). */
  position: string;
  statedAt: string;
  /** UTC instant where the statedAt interval starts. */
  statedFrom: string;
  /** logPosition of the statement's StatementRecorded: ties go by recording order. */
  recordLogPosition: number;
}

/** The order of a key's statements: by statedFrom, then by recording order. */
export function compareStatementOrder(
  a: Pick<OrderedStatement, 'statedFrom' | 'recordLogPosition'>,
  b: Pick<OrderedStatement, 'statedFrom' | 'recordLogPosition'>,
): number {
  return Date.parse(a.statedFrom) - Date.parse(b.statedFrom) || a.recordLogPosition - b.recordLogPosition;
}
