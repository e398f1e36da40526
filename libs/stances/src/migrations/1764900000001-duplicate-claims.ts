import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `<code points>:<value>`, null as `-`: one value of a duplicate tuple as `duplicateKeyOf` writes it. */
const enc = (sql: string) => `CASE WHEN (${sql}) IS NULL THEN '-' ELSE length(${sql})::text || ':' || (${sql}) END`;

/**
 * Duplicates are refused by unique claims taken with the append (`statementClaims`,
 * `unique_claims`); the active statements recorded before them hold none yet. Each gets its
 * duplicate key here, computed from the read model as `duplicateKeyOf`
 * (libs/statements/src/statements/duplicate-key.ts) computes it: holder, topic, target,
 * position, statedAt, quote, the speaker's country, body and person, then the primary
 * source's url (or its publisher and title). Of statements already alike (v1 recorded them
 * again), the first recorded holds the key; a later one is freed by no retraction of its own.
 * In place, one pass over the active statements (docs/reliability.md, "Upgrading a v1 ledger").
 */
export class DuplicateClaims1764900000001 implements MigrationInterface {
  name = 'DuplicateClaims1764900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const source = `v.doc->'sources'->0`;
    const tuple = [
      's.holder',
      's.topic',
      's.target',
      's.position',
      's.stated_at',
      `v.doc->>'quote'`,
      's.country',
      `v.doc->'actor'->>'body'`,
      `v.doc->'actor'->>'person'`,
    ].map(enc);
    const primary = `CASE WHEN ${source}->>'url' IS NOT NULL THEN ${enc("'url'")} || ${enc(`${source}->>'url'`)}
                     ELSE ${enc("'publisher'")} || ${enc(`${source}->>'publisher'`)} || ${enc(`${source}->>'title'`)} END`;
    await queryRunner.query(`
      INSERT INTO unique_claims (key, owner)
      SELECT DISTINCT ON (key) key, statement_id::text
        FROM (SELECT 'statement:' || encode(sha256(convert_to(${tuple.join(' || ')} || ${primary}, 'UTF8')), 'hex') AS key,
                     s.statement_id, s.record_log_position
                FROM statements s JOIN statement_versions v ON v.statement_id = s.statement_id AND v.revision = s.revision
               WHERE s.status = 'active') AS active
       ORDER BY key, record_log_position
      ON CONFLICT (key) DO NOTHING
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM unique_claims WHERE key LIKE 'statement:%'`);
  }
}
