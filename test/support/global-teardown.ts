import type { EmbeddedDatabase } from '../../libs/platform/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __testDb?: EmbeddedDatabase }).__testDb;
  await db?.stop();
}
