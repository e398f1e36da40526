import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `actors`: the registered actors (organizations and bodies of one country), one row each,
 * as registered and revised. Members are a JSON array, kept in the order sent. A rebuild
 * copies the table with the others (`shadow-tables.ts`).
 */
export class CreateActors1764700000000 implements MigrationInterface {
  name = 'CreateActors1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE actors (
        slug text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        country text,
        members jsonb NOT NULL DEFAULT '[]',
        description text,
        registered_log_position bigint NOT NULL,
        log_position bigint NOT NULL
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE actors`);
  }
}
