import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AppModule } from '../../api/src/app.module.js';
import { CheckpointSigner } from '@app/ledger';
import { ApiKeyRegistry } from '../../api/src/auth/api-keys.js';
import type { LedgerRuntime } from '@app/ledger';

/**
 * The application's command bus, for the commands that write through the same handlers as
 * the API (seed, import). Booting the Nest application costs ~150 MB and a second of start
 * (controllers, OpenAPI, metrics), so the CLI loads this module only for them.
 */
export async function startCommandBus(runtime: LedgerRuntime): Promise<{ commands: CommandBus; close(): Promise<void> }> {
  const signer = await CheckpointSigner.load(runtime.config.CHECKPOINT_KEY, runtime.config.DATA_DIR);
  const app = await NestFactory.createApplicationContext(AppModule.forRuntime(runtime, new ApiKeyRegistry([]), signer), {
    logger: ['error'],
  });
  return { commands: app.get(CommandBus), close: () => app.close() };
}
