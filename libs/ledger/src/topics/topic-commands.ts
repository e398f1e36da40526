import { Command } from '@nestjs/cqrs';
import type { WriteOutcome } from '../../../../apps/api/src/http/write-outcome.js';
import type { CommandContext } from '../command-context.js';

/** POST /v1/topics */
export class RegisterTopicCommand extends Command<WriteOutcome> {
  constructor(
    readonly body: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** PATCH /v1/topics/{slug} */
export class ReviseTopicCommand extends Command<WriteOutcome> {
  constructor(
    readonly slug: string,
    readonly body: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}
