import { Command } from '@nestjs/cqrs';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import type { CommandContext } from '../command-context.js';

/** POST /v1/statements: the raw body, validated by the handler through the domain. */
export class RecordStatementCommand extends Command<WriteOutcome> {
  constructor(
    readonly body: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}
