import { Command } from '@nestjs/cqrs';
import type { Topic, TopicChanges } from '@app/statements';
import type { CommandContext } from '../command-context.js';
import type { TopicWritten } from '../results.js';

/** Register a topic (its slug never changes). */
export class RegisterTopic extends Command<TopicWritten> {
  constructor(
    readonly topic: Topic,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Revise a topic's title or description; a revision that changes nothing writes nothing. */
export class ReviseTopic extends Command<TopicWritten> {
  constructor(
    readonly slug: string,
    readonly changes: TopicChanges,
    readonly context: CommandContext,
  ) {
    super();
  }
}
