import type { CreateStatementDto } from './statement.schema.js';

export class RecordStatementCommand {
  constructor(readonly body: CreateStatementDto) {}
}
