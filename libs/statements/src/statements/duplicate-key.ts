import { createHash } from 'node:crypto';
import { codePoints } from '../validation/text.rules.js';
import type { StatementContent } from './statement-content.types.js';

/**
 * The fields that make two active statements duplicates (CONTRACT.md, v2, "Duplicates"),
 * compared as exact strings: holder, topic, target, position, statedAt, quote, the
 * speaker's country, body and person, and the primary source — its url, or its publisher
 * and title when it has none.
 */
export function duplicateTuple(content: StatementContent): (string | null)[] {
  const [primary] = content.sources;
  const source = primary.url !== null ? ['url', primary.url] : ['publisher', primary.publisher, primary.title];
  const { holder, topic, target, position, statedAt, quote, actor } = content;
  return [holder, topic, target, position, statedAt, quote, actor.country, actor.body, actor.person, ...source];
}

/**
 * The unique claim a statement holds while it is active (`AppendUnit.claims`): a SHA-256 of
 * its duplicate tuple, each value written as `<code points>:<value>` (null as `-`), so no
 * two tuples write alike. Migration 1764900000001-duplicate-claims.ts computes the same in
 * SQL for the statements recorded before v2; keep the two in step.
 */
export function duplicateKeyOf(content: StatementContent): string {
  const text = duplicateTuple(content)
    .map((value) => (value === null ? '-' : `${codePoints(value)}:${value}`))
    .join('');
  return `statement:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
