import { Command } from '@nestjs/cqrs';
import type { RecordStatementInput } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import { storedStatementWritten, type StatementWritten } from '../results.js';

/** Record one statement; `statementId` null lets the ledger choose one. */
export class RecordStatement extends Command<StatementWritten> {
  /** Runs under an Idempotency-Key: how its result is kept and replayed. */
  static readonly stored = storedStatementWritten;

  constructor(
    readonly input: RecordStatementInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
