import { startEmbeddedPostgres } from '../../libs/platform/src/embedded-postgres.ts';
import { join } from 'node:path';

/**
 * One PostgreSQL for the whole run: `DATABASE_URL` when set (any PostgreSQL ≥ 15),
 * otherwise the embedded one under `.test-data/`. Each test file then creates its own
 * database (see test/support/database.ts), so files run in parallel without sharing state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const db = await startEmbeddedPostgres(join(process.cwd(), '.test-data'), (message: string) =>
    process.stderr.write(`[test-db] ${message}\n`),
  );
  process.env.TEST_ADMIN_DATABASE_URL = db.url;
  process.env.TEST_EMBEDDED_PG_DIR = db.dataDir;
  (globalThis as { __testDb?: typeof db }).__testDb = db;
}
