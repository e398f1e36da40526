import type { Decider } from '../decider.js';
import type { StatementCommand } from './statement.commands.js';
import { decideStatement } from './statement.decide.js';
import type { StatementEvent } from './statement.events.js';
import { evolveStatement, initialStatementState, type StatementState } from './statement.evolve.js';

export const statementDecider: Decider<StatementCommand, StatementEvent, StatementState> = {
  decide: decideStatement,
  evolve: evolveStatement,
  initialState: initialStatementState,
};
