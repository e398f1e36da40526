import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoData {
  topics: { slug: string; title: string; description: string }[];
  statements: (Record<string, any> & { statementId: string })[];
}

/**
 * The AUKUS Pillar II demo data as the first release shipped it: v1 statement bodies (each
 * position filed under a country, one `source`). The tests use it as a v1 client's data,
 * which must keep working unchanged; `seed` upgrades a ledger holding it.
 */
export const demo: DemoData = JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'aukus-demo-v1.json'), 'utf8'));

/** The demo data the product ships (`data/aukus-demo.json`, loaded by `seed`): the same articles recorded with the v2 fields. */
export const shippedDemo: DemoData & { actors: { slug: string }[]; corrections: Record<string, string> } = JSON.parse(
  readFileSync(join(process.cwd(), 'data', 'aukus-demo.json'), 'utf8'),
);

export const kim = demo.statements.find((s) => s.actor.person === 'Kim Tae-hyo' && s.topic === 'aukus-pillar-ii')!;
export const mofa = demo.statements.find((s) => s.actor.country === 'KOR' && s.statedAt === '2024-04-10')!;
export const china = demo.statements.find((s) => s.actor.country === 'CHN')!;

/**
 * A valid statement body without an id, for tests that vary one field. v2 refuses a
 * statement alike to an active one (CONTRACT.md, "Duplicates"), and most variations (a
 * summary) are not part of that likeness: bodies with other overrides cite another anchor of
 * the same page, derived from the overrides, so they are distinct statements — and the same
 * overrides give the same body, as before.
 */
export function statementBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { statementId: _id, ...body } = structuredClone(china);
  if (Object.keys(overrides).length > 0 && !('source' in overrides) && !('sources' in overrides)) {
    const anchor = createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 12);
    body.source = { ...body.source, url: `${body.source.url}#${anchor}` };
  }
  return { ...body, ...overrides };
}
