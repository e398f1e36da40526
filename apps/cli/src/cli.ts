import type { CommandBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { LedgerRuntime } from '@app/runtime';

const USAGE = `usage: npm run cli -- <command>
  seed                              load the demo data (twice changes nothing)
  import <file.jsonl>               validate the whole file, then record it in atomic chunks
  export [--format jsonl|csv]       every statement's current version, to stdout
  rebuild                           replay every projection into fresh tables and swap them in
  verify [--checkpoint file.json]   recompute the hash chain (and prove it extends a checkpoint)`;

export interface CliContext {
  runtime: LedgerRuntime;
  /** The API's command handlers; boots the Nest application on first use (seed, import only). */
  commands(): Promise<CommandBus>;
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
  // rebuild, verify and export need only the runtime: the HTTP application is never loaded
  // for them (a rebuild's peak memory is mostly what it boots).
  const nest: { app?: Promise<{ commands: CommandBus; close(): Promise<void> }> } = {};
  const context: CliContext = {
    runtime,
    commands: async () => {
      nest.app ??= import('./app-context.js').then(({ startCommandBus }) => startCommandBus(runtime));
      return (await nest.app).commands;
    },
    log,
    out: (text) =>
      new Promise((resolve) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once('drain', resolve);
      }),
  };
  try {
    switch (command) {
      // Each command's module is loaded only when run: seed and import pull in the API's
      // command classes (and Nest), which the others do without.
      case 'seed':
        return await (await import('./commands/seed.command.js')).seed(context);
      case 'import':
        if (rest.length !== 1) throw new Error('import takes one file: npm run cli -- import statements.jsonl');
        return await (await import('./commands/import.command.js')).importStatements(context, rest[0]);
      case 'export': {
        const format = values.format ?? 'jsonl';
        if (format !== 'jsonl' && format !== 'csv') throw new Error('--format is jsonl or csv');
        return await (await import('./commands/export.command.js')).exportStatements(context, format);
      }
      case 'rebuild':
        return await (await import('./commands/rebuild.command.js')).rebuild(context);
      default:
        return await (await import('./commands/verify.command.js')).verify(context, values.checkpoint);
    }
  } finally {
    if (nest.app) await (await nest.app.catch(() => null))?.close();
    await runtime.stop();
  }
}
