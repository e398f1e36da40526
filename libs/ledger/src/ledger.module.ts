import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyKeys } from './idempotency.js';
import { IdempotentCommands } from './idempotent-commands.js';
import { LedgerRuntime } from '@app/runtime';
import { LedgerWriter } from './ledger-writer.js';
import { ReadConsistency } from './read-consistency.js';
import { RecordBatchHandler } from './statements/record-batch.handler.js';
import { RecordStatementHandler } from './statements/record-statement.handler.js';
import { CorrectStatementHandler, RetractStatementHandler } from './statements/revise-statement.handlers.js';
import { RegisterTopicHandler } from './topics/register-topic.handler.js';
import { ReviseTopicHandler } from './topics/revise-topic.handler.js';
import { RegisterActorHandler } from './actors/register-actor.handler.js';
import { ReviseActorHandler } from './actors/revise-actor.handler.js';

export const commandHandlers = [
  RecordStatementHandler,
  RecordBatchHandler,
  CorrectStatementHandler,
  RetractStatementHandler,
  RegisterTopicHandler,
  ReviseTopicHandler,
  RegisterActorHandler,
  ReviseActorHandler,
];

/**
 * The application layer as a Nest module: the command bus (CqrsModule, global) with every
 * command's handler, the ledger writer, idempotency and read consistency, over a started
 * LedgerRuntime. The HTTP app imports it; the CLI boots it alone to reach the bus.
 */
@Module({})
export class LedgerModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    const shared = [LedgerWriter, ReadConsistency, IdempotencyKeys, IdempotentCommands];
    return {
      module: LedgerModule,
      imports: [CqrsModule.forRoot()],
      providers: [{ provide: LedgerRuntime, useValue: runtime }, ...shared, ...commandHandlers],
      exports: [LedgerRuntime, ...shared],
    };
  }
}
