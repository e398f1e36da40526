import { Command } from '@nestjs/cqrs';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import type { CommandContext } from '../command-context.js';

/** A correction (`POST …/corrections`) or a retraction (`POST …/retraction`) of one statement. */
export class ReviseStatementCommand extends Command<WriteOutcome> {
  constructor(
    readonly kind: 'correction' | 'retraction',
    readonly statementId: string,
    readonly body: unknown,
    /** From If-Match: the revision the client saw, or undefined. */
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
