import type { FieldError, Parsed } from '../validation/field-error.js';
import { mergePatch } from '../validation/json-merge-patch.js';
import { normalForm } from '../validation/field-schema.js';
import { parseObject, type ObjectShape } from '../validation/object-shape.js';
import { objectShapeOf } from '../validation/schema-shape.js';
import type { StatementChanges, StatementContent } from './statement-content.types.js';
import { parseStatementContent } from './record-statement.parser.js';
import { SOURCE_WITH_SOURCES, sourceSchema, statementContentSchema } from './statement.schema.js';

/**
 * A correction's merge patch checked field by field (errors under `pointer`): the content's
 * fields, or `source` as a patch of the first source; `source` with `sources` → an error.
 */
export function parseStatementChanges(changes: unknown, now: Date | null, pointer: string): Parsed<StatementChanges> {
  const patch = parseObject<StatementChanges>(changes, statementChangesShape(now), 'patch', pointer);
  return patch.ok ? onePrimarySource(patch, pointer) : patch;
}

/** The shape of a correction's patch: the content's fields, and `source` as a patch of `sources[0]` (it cannot be removed). */
export function statementChangesShape(now: Date | null): ObjectShape {
  return { ...objectShapeOf(statementContentSchema, now), source: { required: true, patchOf: objectShapeOf(sourceSchema, now) } };
}

/** A parsed patch, refused at `<pointer>/source` if it sends both `source` and `sources`. */
export function onePrimarySource<T extends { ok: true; value: unknown }>(parsed: T, pointer: string): T | { ok: false; errors: FieldError[] } {
  const changes = parsed.value as StatementChanges;
  if (changes.source !== undefined && changes.sources !== undefined)
    return { ok: false, errors: [{ pointer: `${pointer}/source`, detail: SOURCE_WITH_SOURCES }] };
  return parsed;
}

/**
 * A correction's patch merged into the content (RFC 7396), with the two rules a plain merge
 * does not know: `source` (v1's one source) patches `sources[0]`, and a change of
 * `actor.country` moves `holder` with it when the holder was that country and the patch
 * does not set `holder` (v1's stance key followed the speaker's country). The result is
 * not validated.
 */
function mergeStatementChanges(content: StatementContent, changes: StatementChanges): Record<string, unknown> {
  const { source, ...rest } = changes;
  const merged = mergePatch(content, rest) as Record<string, unknown>;
  if (source !== undefined) merged.sources = [mergePatch(content.sources[0], source), ...content.sources.slice(1)];
  const country = changes.actor?.country;
  if (changes.holder === undefined && typeof country === 'string' && content.holder === content.actor.country) merged.holder = country;
  return merged;
}

/**
 * A stored correction applied to the content it corrects, removed optional fields back as
 * null. For events already in the log (of any schema version): no validation. Both decide
 * and the projections go through here, so they agree on every correction.
 */
export function applyStatementChanges(content: StatementContent, changes: StatementChanges): StatementContent {
  return normalForm<StatementContent>(statementContentSchema, mergeStatementChanges(content, changes));
}

export interface Correction {
  /** The patch as it will be stored: the fields sent, each normalised by its rule. */
  changes: StatementChanges;
  /** The content after the correction. */
  content: StatementContent;
}

/**
 * What a correction makes of `content`: the patch checked field by field, applied, and
 * the merged result re-validated in full against today's rules, every error pointing
 * under /changes (so a field that no longer passes can be corrected by sending it).
 */
export function correctedContent(content: StatementContent, changes: unknown, now: Date | null): Parsed<Correction> {
  const patch = parseStatementChanges(changes, now, '/changes');
  if (!patch.ok) return patch;
  const merged = parseStatementContent(mergeStatementChanges(content, patch.value), now, '/changes');
  if (!merged.ok) return merged;
  return { ok: true, value: { changes: patch.value, content: applyStatementChanges(content, patch.value) } };
}
