import type { CommandBus } from '@nestjs/cqrs';
import type { LedgerRuntime } from '@app/runtime';
import { parseCommandLine, USAGE, type CommandLine } from './arguments.js';

export { USAGE };

export interface CliContext {
  runtime: LedgerRuntime;
  /** The ledger's command bus (libs/ledger, no HTTP); booted on first use (seed, import only). */
  commands(): Promise<CommandBus>;
  log(message: string): void;
  out(text: string): Promise<void>;
}

type Prepared = (context: CliContext) => Promise<number>;

/**
 * What can be checked without a database is checked first (the arguments, the settings, a
 * checkpoint's or an import file's presence and shape), so a mistake costs no database
 * start and gets one line. Each command's module is loaded only when run: seed and import
 * pull in the API's command classes (and Nest), which the others do without.
 */
async function prepare(line: Exclude<CommandLine, { command: 'help' }>): Promise<Prepared> {
  switch (line.command) {
    case 'seed':
      return (await import('./commands/seed.command.js')).seed;
    case 'import': {
      const { checkImportFile, importStatements } = await import('./commands/import.command.js');
      await checkImportFile(line.file);
      return (context) => importStatements(context, line.file);
    }
    case 'export': {
      const { exportStatements } = await import('./commands/export.command.js');
      return (context) => exportStatements(context, line.format);
    }
    case 'rebuild':
      return (await import('./commands/rebuild.command.js')).rebuild;
    case 'import-actors': {
      const { checkImportFile } = await import('./commands/import.command.js');
      await checkImportFile(line.file);
      const { importActors } = await import('./commands/actors.command.js');
      return (context) => importActors(context, line.file);
    }
    case 'export-actors':
      return (await import('./commands/actors.command.js')).exportActors;
    case 'verify': {
      const { verify } = await import('./commands/verify.command.js');
      const checkpoint = line.checkpoint ? await (await import('./commands/checkpoint-file.js')).readCheckpoint(line.checkpoint) : undefined;
      return (context) => verify(context, checkpoint);
    }
  }
}

/** Runs one CLI command against the configured database; returns the exit code (errors throw). */
export async function runCli(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  // Loaded only now: `--help` and a mistyped command line answer without loading the
  // database drivers, migrations and Nest (seconds on a busy machine).
  const { loadConfig } = await import('@app/platform');
  const config = loadConfig();
  const run = await prepare(line);
  const { LedgerRuntime } = await import('@app/runtime');
  const log = (message: string) => process.stderr.write(message + '\n');
  const runtime = await LedgerRuntime.start({
    config,
    log,
    projections: line.command === 'seed' || line.command === 'import' || line.command === 'import-actors' ? 'embedded' : 'off',
  });
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
    return await run(context);
  } finally {
    if (nest.app) await (await nest.app.catch(() => null))?.close();
    await runtime.stop();
  }
}
