import { z } from 'zod';
import { field, fieldsOf, leavesOf, valueAt } from '../validation/field-schema.js';
import { cameoCodeSchema } from '../values/cameo-code.value.js';
import { countryCodeSchema } from '../values/country-code.value.js';
import { quoteTextSchema, shortTextSchema, summaryTextSchema } from '../values/free-text.value.js';
import { languageTagSchema } from '../values/language-tag.value.js';
import { positionSchema } from '../values/position.value.js';
import { publishedAtSchema } from '../values/published-at.value.js';
import { sourceUrlSchema } from '../values/source-url.value.js';
import { statedAtSchema } from '../values/stated-at.value.js';
import { topicSlugSchema } from '../values/topic-slug.value.js';
import { uuidSchema } from '../values/uuid.value.js';

/**
 * The one declaration of a statement's content, in the contract's order. Required fields
 * are plain; optional ones are nullable (an omitted optional field equals an explicit null).
 * From it come the content's type, the parsers and their field errors, the normal form, a
 * correction's merge, the API's JSON Schemas, the CSV columns, the audit's change pointers
 * and the read models' typed columns (`column`). A new field is one line here.
 */
export const actorSchema = z.strictObject({
  country: field(countryCodeSchema, { column: ['country', 'text'] }),
  body: field(shortTextSchema, { description: 'The government body, or null.' }).nullable(),
  person: field(shortTextSchema, { description: 'The person speaking, or null.' }).nullable(),
  role: field(shortTextSchema, { description: "The person's role, or null." }).nullable(),
});

export const sourceSchema = z.strictObject({
  url: sourceUrlSchema,
  publisher: field(shortTextSchema, { description: 'The publisher.' }).nullable(),
  publishedAt: field(publishedAtSchema, {
    description: 'When the source was published (a date or an RFC 3339 date-time, returned exactly as sent).',
  }).nullable(),
});

export const statementContentSchema = z.strictObject({
  actor: field(actorSchema, { description: 'Who said it.', component: 'Actor' }),
  topic: field(topicSlugSchema, { description: "A registered topic's slug (a bad slug → 400, an unregistered one → 422).", column: ['topic', 'text'] }),
  target: field(countryCodeSchema, { description: 'The country the stance is about or directed at, or null for none.', column: ['target', 'text'] }).nullable(),
  position: field(positionSchema, { column: ['position', 'text'] }),
  statedAt: statedAtSchema,
  summary: field(summaryTextSchema, { description: 'A summary.' }).nullable(),
  quote: field(quoteTextSchema, { description: 'The quoted words.' }).nullable(),
  quoteLanguage: languageTagSchema.nullable(),
  source: field(sourceSchema, { description: 'Where it was reported.', component: 'Source' }),
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
