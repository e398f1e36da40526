import type { EmbeddedDatabase } from '../../libs/platform/src/embedded-postgres.ts';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __testDb?: EmbeddedDatabase }).__testDb;
  await db?.stop();
}
