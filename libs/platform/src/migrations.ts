import pg from 'pg';
import type { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/** Arbitrary but fixed: every process migrating this database takes the same lock. */
const MIGRATION_LOCK_KEY = 7_305_113_201;

/**
 * Applies pending TypeORM migrations, all in one transaction, while holding a session
 * advisory lock so that replicas starting together do not race. Never `synchronize`.
 */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // TypeORM is loaded only when migrating: a process that stops on a bad setting, or a
    // CLI --help, reports it without first paying seconds to load it.
    const { DataSource } = await import('typeorm');
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations,
      migrationsTableName: 'schema_migrations',
      migrationsTransactionMode: 'all',
      logging: false,
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
