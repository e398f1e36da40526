import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { AppModule } from '../../api/src/app.module.js';
import { CheckpointSigner } from '../../api/src/audit/checkpoint-signer.js';
import { ApiKeyRegistry } from '../../api/src/auth/api-keys.js';
import { LedgerRuntime } from '../../api/src/runtime/ledger-runtime.js';
import { exportStatements } from './commands/export.command.js';
import { importStatements } from './commands/import.command.js';
import { rebuild } from './commands/rebuild.command.js';
import { seed } from './commands/seed.command.js';
import { verify } from './commands/verify.command.js';

const USAGE = `usage: npm run cli -- <command>
  seed                              load the demo data (twice changes nothing)
  import <file.jsonl>               validate the whole file, then record it in atomic chunks
  export [--format jsonl|csv]       every statement's current version, to stdout
  rebuild                           replay every projection into fresh tables and swap them in
  verify [--checkpoint file.json]   recompute the hash chain (and prove it extends a checkpoint)`;

export interface CliContext {
  runtime: LedgerRuntime;
  commands: CommandBus;
  log(message: string): void;
  out(text: string): Promise<void>;
}

/** Runs one CLI command against the configured database; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, checkpoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stderr.write(USAGE + '\n');
    return command || values.help ? 0 : 2;
  }
  const known = ['seed', 'import', 'export', 'rebuild', 'verify'];
  if (!known.includes(command)) {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(message + '\n');
  const runtime = await LedgerRuntime.start({ log, projections: command === 'seed' || command === 'import' ? 'embedded' : 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRuntime(runtime, new ApiKeyRegistry([]), await CheckpointSigner.load(runtime.config.CHECKPOINT_KEY, runtime.config.DATA_DIR)), { logger: ['error'] });
  const context: CliContext = {
    runtime,
    commands: app.get(CommandBus),
    log,
    out: (text) =>
      new Promise((resolve) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once('drain', resolve);
      }),
  };
  try {
    switch (command) {
      case 'seed':
        return await seed(context);
      case 'import':
        if (rest.length !== 1) throw new Error('import takes one file: npm run cli -- import statements.jsonl');
        return await importStatements(context, rest[0]);
      case 'export': {
        const format = values.format ?? 'jsonl';
        if (format !== 'jsonl' && format !== 'csv') throw new Error('--format is jsonl or csv');
        return await exportStatements(context, format);
      }
      case 'rebuild':
        return await rebuild(context);
      default:
        return await verify(context, values.checkpoint);
    }
  } finally {
    await app.close();
    await runtime.stop();
  }
}
