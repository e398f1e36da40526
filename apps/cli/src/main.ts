import 'reflect-metadata';
import { ConfigError } from '@app/platform';
import { runCli } from './cli.js';

/** `npm run cli -- <command>`: results on stdout, logs and progress on stderr. */
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}
