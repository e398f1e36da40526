import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/platform/src/embedded-postgres.ts';

/**
 * One PostgreSQL for the whole run: `DATABASE_URL` when set (any PostgreSQL ≥ 15),
 * otherwise an embedded one in a fresh directory of its own, so that test runs started
 * side by side never share (or stop) each other's server. Each test file then creates its
 * own database (see test/support/database.ts), so files run in parallel without sharing state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-ledger-test-pg-'));
  const db = await startEmbeddedPostgres(dataDir, (message: string) => process.stderr.write(`[test-db] ${message}\n`));
  process.env.TEST_ADMIN_DATABASE_URL = db.url;
  process.env.TEST_EMBEDDED_PG_DIR = db.dataDir;
  (globalThis as { __testDb?: { db: typeof db; dataDir: string } }).__testDb = { db, dataDir };
}
