import { RecordBatchHandler } from './record-batch.handler.js';
import { RecordStatementHandler } from './record-statement.handler.js';
import { ReviseStatementHandler } from './revise-statement.handler.js';
import { GetStatementHandler, ListStatementsHandler, StatementEventsHandler } from './statement.queries.js';
import { stanceHandlers } from '../stances/stance.queries.js';

export const statementHandlers = [
  RecordStatementHandler,
  RecordBatchHandler,
  ReviseStatementHandler,
  GetStatementHandler,
  ListStatementsHandler,
  StatementEventsHandler,
  ...stanceHandlers,
];
