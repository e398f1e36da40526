import { GetStatementHandler, ListStatementsHandler, StatementEventsHandler } from './statement.query-handlers.js';
import { stanceHandlers } from '../stances/stance.query-handlers.js';

export const statementHandlers = [GetStatementHandler, ListStatementsHandler, StatementEventsHandler, ...stanceHandlers];
