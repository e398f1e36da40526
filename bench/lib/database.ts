import { withClient } from '@app/testing';
import { startEmbeddedPostgres } from '@app/platform';
import { randomBytes } from 'node:crypto';

export interface BenchDatabases {
  /** The server's own database (embedded: stance_ledger) for administration. */
  adminUrl: string;
  /** The ledger: events, read models, the rebuild, the queries and the HTTP server. */
  ledgerUrl: string;
  /** The append comparison: the store's events table and the baseline's twin. */
  appendUrl: string;
  /** Emmett's event store, the append peer (issue 18). */
  emmettUrl: string;
  /** The typical NestJS service's one table, the HTTP peer (issue 18). */
  peerUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DurabilitySettings {
  fsync: string;
  synchronous_commit: string;
  full_page_writes: string;
  wal_sync_method: string;
  shared_buffers: string;
  max_wal_size: string;
  server_version: string;
}

/** Starts an embedded PostgreSQL under `dataDir` (or uses DATABASE_URL's server) and creates its scratch databases (the ledger, the appends, and one per peer). */
export async function openDatabases(dataDir: string, log: (message: string) => void): Promise<BenchDatabases> {
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres(dataDir, log);
  const adminUrl = external ?? embedded!.url;
  const suffix = randomBytes(4).toString('hex');
  const names = { ledger: `bench_ledger_${suffix}`, append: `bench_append_${suffix}`, emmett: `bench_emmett_${suffix}`, peer: `bench_peer_${suffix}` };
  await withClient(adminUrl, async (client) => {
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${name}`);
  });
  const urlOf = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    adminUrl,
    ledgerUrl: urlOf(names.ledger),
    appendUrl: urlOf(names.append),
    emmettUrl: urlOf(names.emmett),
    peerUrl: urlOf(names.peer),
    embedded: embedded !== null,
    async close() {
      await withClient(adminUrl, async (client) => {
        for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }).catch(() => undefined);
      await embedded?.stop();
    },
  };
}

export async function durabilitySettings(url: string): Promise<DurabilitySettings> {
  return withClient(url, async (client) => {
    const names = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_wal_size', 'server_version'] as const;
    const settings = {} as DurabilitySettings;
    for (const name of names) settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    return settings;
  });
}

/** Rows and on-disk size of the ledger's main tables. */
export async function tableSizes(url: string): Promise<Record<string, { rows: number; bytes: number }>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ relname: string; rows: string; bytes: string }>(
      `SELECT c.relname, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND c.relname IN ('events', 'statements', 'statement_versions', 'current_stances', 'topics')`,
    );
    return Object.fromEntries(rows.map((row) => [row.relname, { rows: Number(row.rows), bytes: Number(row.bytes) }]));
  });
}
export { withClient } from '@app/testing';
