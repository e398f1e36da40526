import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { LedgerModule } from '@app/ledger';
import type { LedgerRuntime } from '@app/runtime';

/**
 * The application's command bus, for the commands that write through the same handlers as
 * the API (seed, import): the ledger module alone, without the HTTP application
 * (controllers, OpenAPI, metrics), which the CLI never boots.
 */
export async function startCommandBus(runtime: LedgerRuntime): Promise<{ commands: CommandBus; close(): Promise<void> }> {
  const app = await NestFactory.createApplicationContext(LedgerModule.forRuntime(runtime), { logger: ['error'] });
  return { commands: app.get(CommandBus), close: () => app.close() };
}
