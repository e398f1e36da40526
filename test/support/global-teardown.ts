import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../libs/platform/src/embedded-postgres.ts';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __testDb?: { db: EmbeddedDatabase; dataDir: string } }).__testDb;
  if (!started) return;
  await started.db.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}
