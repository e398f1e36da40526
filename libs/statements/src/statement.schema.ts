import { z } from 'zod';
import { isCameoCode } from './cameo-codebook.js';
import { isCountryCode } from './country-codes.js';
import type { FieldError } from './domain.errors.js';
import { parseDateOrDateTime, statedAtProblem } from './stated-at.js';
import { POSITIONS, type StatementChanges, type StatementContent } from './statement.types.js';
import { text, textProblem, uuid } from './text.js';
import { fieldErrors, type Parsed } from './zod-errors.js';

const country = z.string().refine(isCountryCode, 'must be an upper-case ISO 3166-1 alpha-3 code (or ISO 3166-3, or XKX)');
export const TOPIC_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const topicSlug = z.string().regex(TOPIC_SLUG, 'must be a slug like aukus-pillar-ii').max(64, 'must be at most 64 characters');
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const httpUrl = text(2048, 1).refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

const languageTag = text(35, 1).refine((value) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}, 'must be a BCP 47 language tag');

const dateOrDateTime = z.string().refine((value) => parseDateOrDateTime(value) !== null, 'must be a date (YYYY-MM-DD) or an RFC 3339 date-time');

function contentShape(now: Date) {
  return z.strictObject({
    actor: z.strictObject({
      country,
      body: optional(text(200)),
      person: optional(text(200)),
      role: optional(text(200)),
    }),
    topic: topicSlug,
    target: optional(country),
    position: z.enum(POSITIONS, `must be one of ${POSITIONS.join(', ')}`),
    statedAt: z.string().superRefine((value, context) => {
      const problem = statedAtProblem(value, now);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    summary: optional(text(2000)),
    quote: optional(text(5000)),
    quoteLanguage: optional(languageTag),
    source: z.strictObject({
      url: httpUrl,
      publisher: optional(text(200)),
      publishedAt: optional(dateOrDateTime),
    }),
    cameoCode: optional(z.string().refine(isCameoCode, 'must be a code of the CAMEO event codebook (e.g. "0312")')),
    utteranceId: optional(uuid),
  });
}

type ContentInput = z.infer<ReturnType<typeof contentShape>>;

/** Every optional field present, as null when it was omitted. */
function normalise(input: ContentInput): StatementContent {
  return {
    actor: {
      country: input.actor.country,
      body: input.actor.body ?? null,
      person: input.actor.person ?? null,
      role: input.actor.role ?? null,
    },
    topic: input.topic,
    target: input.target ?? null,
    position: input.position,
    statedAt: input.statedAt,
    summary: input.summary ?? null,
    quote: input.quote ?? null,
    quoteLanguage: input.quoteLanguage ?? null,
    source: { url: input.source.url, publisher: input.source.publisher ?? null, publishedAt: input.source.publishedAt ?? null },
    cameoCode: input.cameoCode ?? null,
    utteranceId: input.utteranceId ?? null,
  };
}

/** Validates a statement's content; `prefix` places the pointers (e.g. under /changes). */
export function parseStatementContent(input: unknown, now: Date, prefix = ''): Parsed<StatementContent> {
  const parsed = contentShape(now).safeParse(input);
  return parsed.success ? { ok: true, value: normalise(parsed.data) } : { ok: false, errors: fieldErrors(parsed.error, prefix) };
}

/** POST /v1/statements body: the content plus an optional client-chosen statementId. */
export function parseRecordStatement(body: unknown, now: Date): Parsed<{ statementId: string | null; content: StatementContent }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ pointer: '', detail: 'expected a JSON object' }] };
  }
  const { statementId, ...rest } = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  let id: string | null = null;
  if (statementId !== undefined && statementId !== null) {
    const parsedId = uuid.safeParse(statementId);
    if (parsedId.success) id = parsedId.data;
    else errors.push({ pointer: '/statementId', detail: 'must be a UUID' });
  }
  const content = parseStatementContent(rest, now);
  if (!content.ok) errors.push(...content.errors);
  return errors.length > 0 || !content.ok ? { ok: false, errors } : { ok: true, value: { statementId: id, content: content.value } };
}

/** The fields a correction may change (the merge patch's top-level keys). */
export const CORRECTABLE_FIELDS = [
  'actor', 'topic', 'target', 'position', 'statedAt', 'summary', 'quote', 'quoteLanguage', 'source', 'cameoCode', 'utteranceId',
] as const;

const reason = text(2000, 1);

/** Strings anywhere in a JSON value, checked for U+0000 and lone surrogates (keys included). */
function deepTextErrors(value: unknown, pointer: string, errors: FieldError[]): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) errors.push({ pointer, detail: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => deepTextErrors(item, `${pointer}/${index}`, errors));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) deepTextErrors(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, errors);
  }
}

/**
 * POST …/corrections body: `{ changes, reason }`. The shape is checked here; the merged
 * result is validated against the statement it applies to (decide), pointers under /changes.
 */
export function parseCorrection(body: unknown): Parsed<{ changes: StatementChanges; reason: string }> {
  const schema = z.strictObject({
    changes: z.record(z.string(), z.unknown(), 'must be an object (a JSON merge patch)').superRefine((changes, context) => {
      for (const key of Object.keys(changes)) {
        if (!(CORRECTABLE_FIELDS as readonly string[]).includes(key)) {
          context.addIssue({ code: 'custom', path: [key], message: 'is not a correctable field' });
        }
      }
      const errors: FieldError[] = [];
      deepTextErrors(changes, '', errors);
      for (const error of errors) context.addIssue({ code: 'custom', path: error.pointer.split('/').slice(1), message: error.detail });
    }),
    reason,
  });
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, value: { changes: parsed.data.changes as StatementChanges, reason: parsed.data.reason } }
    : { ok: false, errors: fieldErrors(parsed.error) };
}

/** POST …/retraction body: `{ reason }`. */
export function parseRetraction(body: unknown): Parsed<{ reason: string }> {
  const parsed = z.strictObject({ reason }).safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7396: objects merge key by key, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Applies a correction's merge patch to a statement's content. Removed optional fields come
 * back as null; ids are normalised as on record. Used by decide and by the projections,
 * so both see the same result. Assumes the patch was validated (see decideStatement).
 */
export function applyStatementChanges(content: StatementContent, changes: StatementChanges): StatementContent {
  const merged = mergePatch(content, changes) as Partial<StatementContent> & Record<string, unknown>;
  const actor = (merged.actor ?? {}) as Partial<StatementContent['actor']>;
  const source = (merged.source ?? {}) as Partial<StatementContent['source']>;
  return {
    actor: { country: actor.country as string, body: actor.body ?? null, person: actor.person ?? null, role: actor.role ?? null },
    topic: merged.topic as string,
    target: merged.target ?? null,
    position: merged.position as StatementContent['position'],
    statedAt: merged.statedAt as string,
    summary: merged.summary ?? null,
    quote: merged.quote ?? null,
    quoteLanguage: merged.quoteLanguage ?? null,
    source: { url: source.url as string, publisher: source.publisher ?? null, publishedAt: source.publishedAt ?? null },
    cameoCode: merged.cameoCode ?? null,
    utteranceId: typeof merged.utteranceId === 'string' ? merged.utteranceId.toLowerCase() : null,
  };
}

/** The patch applied and re-validated in full: what a correction would make of `content`. */
export function correctedContent(content: StatementContent, changes: StatementChanges, now: Date): Parsed<StatementContent> {
  const merged = mergePatch(content, changes);
  const parsed = parseStatementContent(merged, now, '/changes');
  return parsed.ok ? { ok: true, value: applyStatementChanges(content, changes) } : parsed;
}
