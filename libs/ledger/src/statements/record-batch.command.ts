import { Command } from '@nestjs/cqrs';
import type { RecordStatementInput } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import { storedBatchRecorded, type BatchRecorded } from '../results.js';

/** Record 1–100 statements atomically (parsed by parseStatementBatch: no two share a statementId). */
export class RecordBatch extends Command<BatchRecorded> {
  static readonly stored = storedBatchRecorded;

  constructor(
    readonly statements: readonly RecordStatementInput[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
