import { z } from 'zod';
import { topicSlug } from './statement.schema.js';
import type { Topic, TopicChanges } from './statement.types.js';
import { text } from './text.js';
import { fieldErrors, type Parsed } from './zod-errors.js';

const title = text(200, 1);
const description = text(2000).nullable().optional();

/** POST /v1/topics body. */
export function parseTopic(body: unknown): Parsed<Topic> {
  const parsed = z.strictObject({ slug: topicSlug, title, description }).safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return { ok: true, value: { slug: parsed.data.slug, title: parsed.data.title, description: parsed.data.description ?? null } };
}

/** PATCH /v1/topics/{slug} body: title and description only (the slug never changes). */
export function parseTopicRevision(body: unknown): Parsed<TopicChanges> {
  const parsed = z.strictObject({ title: title.optional(), description }).safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const changes: TopicChanges = {};
  if (parsed.data.title !== undefined) changes.title = parsed.data.title;
  if (parsed.data.description !== undefined) changes.description = parsed.data.description;
  return { ok: true, value: changes };
}
