import { Command } from '@nestjs/cqrs';
import type { StatementChanges } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import type { StatementWritten } from '../results.js';

/** Correct a statement: `changes` is the parsed merge patch. */
export class CorrectStatement extends Command<StatementWritten> {
  constructor(
    readonly statementId: string,
    readonly changes: StatementChanges,
    readonly reason: string,
    /** The revision the client saw (If-Match), or undefined. */
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Retract a statement: it stops counting for its stance; its history stays. */
export class RetractStatement extends Command<StatementWritten> {
  constructor(
    readonly statementId: string,
    readonly reason: string,
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
