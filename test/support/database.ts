import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through jest (global setup)');
  return url;
}

/** One connection to `url` for `work`, closed afterwards. */
export async function withConnection<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The rows `sql` answers on `url`. */
export function queryRows<T = any>(url: string, sql: string): Promise<T[]> {
  return withConnection(url, async (client) => (await client.query(sql)).rows as T[]);
}

/**
 * A fresh, empty database on the test server (or a copy of `template`, a database nobody is
 * connected to: cheaper than migrating each of many small ones); drop() removes it.
 */
export async function createTestDatabase(prefix = 'test', template?: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withConnection(adminUrl(), (admin) => admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      await withConnection(adminUrl(), (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
