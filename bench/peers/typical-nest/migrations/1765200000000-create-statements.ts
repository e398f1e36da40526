import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The peer's one table, as `StatementEntity` maps it: created by a migration at start, as a team ships schema changes. */
export class CreateStatements1765200000000 implements MigrationInterface {
  name = 'CreateStatements1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        holder text NOT NULL,
        actor jsonb NOT NULL,
        topic text NOT NULL,
        target text,
        position text NOT NULL,
        "statedAt" text NOT NULL,
        attribution text NOT NULL,
        modality text NOT NULL,
        summary text,
        quote text,
        "quoteLanguage" text,
        sources jsonb NOT NULL,
        "cameoCode" text,
        "utteranceId" uuid,
        "createdAt" timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX statements_holder_topic_target_idx ON statements (holder, topic, target);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE statements');
  }
}
