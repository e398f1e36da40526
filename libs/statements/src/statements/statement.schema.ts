import { z } from 'zod';
import type { FieldError } from '../validation/field-error.js';
import { field, fieldsOf, leavesOf, valueAt } from '../validation/field-schema.js';
import { textSchema } from '../validation/text.rules.js';
import { attributionSchema } from '../values/attribution.value.js';
import { cameoCodeSchema } from '../values/cameo-code.value.js';
import { countryCodeSchema } from '../values/country-code.value.js';
import { countryOrActorSchema } from '../values/holder.value.js';
import { modalitySchema } from '../values/modality.value.js';
import { quoteTextSchema, shortTextSchema, summaryTextSchema } from '../values/free-text.value.js';
import { languageTagSchema } from '../values/language-tag.value.js';
import { positionSchema } from '../values/position.value.js';
import { publishedAtSchema } from '../values/published-at.value.js';
import { sourceUrlSchema } from '../values/source-url.value.js';
import { statedAtSchema } from '../values/stated-at.value.js';
import { topicSlugSchema } from '../values/topic-slug.value.js';
import { uuidSchema } from '../values/uuid.value.js';

/** The most sources one statement cites. */
export const MAX_SOURCES = 20;

/**
 * The one declaration of a statement's content, in the contract's order. Required fields
 * are plain; optional ones are nullable (an omitted optional field equals an explicit null);
 * a field with `byDefault` may be omitted and is stored resolved. From it come the content's
 * type, the parsers and their field errors, the normal form, a correction's merge, the API's
 * JSON Schemas, the CSV columns, the audit's change pointers and the read models' typed
 * columns (`column`). A new field is one line here.
 */
export const actorSchema = z.strictObject({
  country: field(countryCodeSchema, {
    description: "The speaker's country; required unless `holder` is given (the holder defaults to it).",
    column: ['country', 'text'],
  }).nullable(),
  body: field(shortTextSchema, { description: 'The government body, or null.' }).nullable(),
  person: field(shortTextSchema, { description: 'The person speaking, or null.' }).nullable(),
  role: field(shortTextSchema, { description: "The person's role, or null." }).nullable(),
});

/**
 * The rule across a whole statement's fields: its speaker is named somehow. Without
 * `holder`, `actor.country` is required (the holder defaults to it; the parser says so);
 * with it, one of the speaker's country, body or person will do.
 */
export function statementProblems(content: { actor: { country: string | null; body: string | null; person: string | null } }): FieldError[] {
  const { country, body, person } = content.actor;
  return (country ?? body ?? person) ? [] : [nameOneOf('/actor', ['country', 'body', 'person'])];
}

export const sourceSchema = field(
  z.strictObject({
    url: field(sourceUrlSchema, { description: 'Null for an offline citation (print, broadcast, a cable).' }).nullable(),
    publisher: field(shortTextSchema, { description: 'The publisher.' }).nullable(),
    title: field(textSchema({ max: 500 }), { description: "The source's title, or null." }).nullable(),
    publishedAt: field(publishedAtSchema, {
      description: 'When the source was published, at any precision statedAt takes, returned exactly as sent.',
    }).nullable(),
  }),
  { problems: (source) => ((source.url ?? source.publisher) ? [] : [nameOneOf('', ['url', 'publisher'])]) },
);

/** Why `source` and `sources` together are refused (a statement, or a correction's patch). */
export const SOURCE_WITH_SOURCES = 'send either source (one source) or sources, not both';

/** The error of an object that names none of `keys` (at least one is needed). */
function nameOneOf(pointer: string, keys: string[]): FieldError {
  return { pointer, detail: `needs at least one of ${keys.join(', ')}` };
}

export const statementContentSchema = z.strictObject({
  holder: field(countryOrActorSchema, {
    description: "Who holds the position: a country code (its government) or a registered actor's slug. Defaults to `actor.country`.",
    column: ['holder', 'text'],
    byDefault: { copyOf: ['actor', 'country'] },
  }),
  actor: field(actorSchema, { description: 'Who said it (with `holder` given, at least one of country, body, person).', component: 'Actor' }),
  topic: field(topicSlugSchema, { description: "A registered topic's slug (a bad slug → 400, an unregistered one → 422).", column: ['topic', 'text'] }),
  target: field(countryOrActorSchema, {
    description: 'The country or registered actor the stance is about or directed at, or null for none.',
    column: ['target', 'text'],
  }).nullable(),
  position: field(positionSchema, { column: ['position', 'text'] }),
  statedAt: statedAtSchema,
  attribution: field(attributionSchema, { column: ['attribution', 'text'], byDefault: { value: 'on_record' } }),
  modality: field(modalitySchema, { column: ['modality', 'text'], byDefault: { value: 'firm' } }),
  summary: field(summaryTextSchema, { description: 'A summary.' }).nullable(),
  quote: field(quoteTextSchema, { description: 'The quoted words.' }).nullable(),
  quoteLanguage: languageTagSchema.nullable(),
  sources: field(z.array(field(sourceSchema, { component: 'Source' })), {
    description: `Where it was reported: 1–${MAX_SOURCES} sources, the first one primary. \`source\` (one source) is accepted instead.`,
    count: { min: 1, max: MAX_SOURCES },
  }),
  cameoCode: cameoCodeSchema.nullable(),
  utteranceId: field(uuidSchema, {
    description: 'Shared by the rows of one utterance (a joint statement, or one remark about several targets).',
    column: ['utterance_id', 'uuid'],
  }).nullable(),
});

/** CONTRACT.md's sample statement, as a client sends it (the API's documented example). */
export const STATEMENT_EXAMPLE = {
  actor: { country: 'KOR', body: 'National Security Office', person: 'Kim Tae-hyo', role: 'First Deputy Director' },
  topic: 'aukus-pillar-ii',
  target: 'KOR',
  position: 'considering',
  statedAt: '2024-11',
  summary: 'Seoul is positively considering joining Pillar II as a cooperating partner.',
  source: { url: 'https://example.org/korea-pro/aukus', publisher: 'Korea Pro' },
  cameoCode: '0312',
};

/** A statement to record: an optional client-chosen id (lower-cased), then the content. */
export const recordStatementSchema = z.strictObject({
  statementId: field(uuidSchema, {
    description: 'Optional client-chosen id. Already recorded with the same content → 200 with that statement, nothing written; with other content → 409.',
  }).nullable(),
  ...statementContentSchema.shape,
});

/** The fields a correction may change: all of the content. */
export const CORRECTABLE_FIELDS = fieldsOf(statementContentSchema).map(({ key }) => key);

const LEAVES = leavesOf(statementContentSchema);

/** Every value of the content as a path, in the contract's order (["actor", "country"], …, ["utteranceId"]). */
export const STATEMENT_FIELD_PATHS: readonly (readonly string[])[] = LEAVES.map(({ path }) => path);

/** A typed read-model column taken from a content field: its name, SQL type, and where the field is. */
export interface ContentColumn {
  name: string;
  sqlType: string;
  path: readonly string[];
}

/** The content fields the read models keep in typed columns (declared with `column`), in the content's order. */
export const CONTENT_COLUMNS: readonly ContentColumn[] = LEAVES.flatMap(({ path, meta }) =>
  meta.column ? [{ name: meta.column[0], sqlType: meta.column[1], path }] : [],
);

/** The typed columns' values of one statement's content (or of a view holding it). */
export function contentColumns(content: object): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const { name, path } of CONTENT_COLUMNS) row[name] = valueAt(content, path);
  return row;
}
