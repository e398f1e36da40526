import { Command } from '@nestjs/cqrs';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import type { CommandContext } from '../command-context.js';

/** POST /v1/statements/batch: 1–100 statements recorded atomically. */
export class RecordBatchCommand extends Command<WriteOutcome> {
  constructor(
    readonly body: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}
