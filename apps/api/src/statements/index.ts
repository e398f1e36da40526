import { RecordBatchHandler } from '@app/ledger';
import { RecordStatementHandler } from '@app/ledger';
import { ReviseStatementHandler } from '@app/ledger';
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
