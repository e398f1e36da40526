import { GetStatementHandler, ListStatementsHandler, StatementEventsHandler } from './statement.queries.js';
import { stanceHandlers } from '../stances/stance.queries.js';

export const statementHandlers = [GetStatementHandler, ListStatementsHandler, StatementEventsHandler, ...stanceHandlers];
