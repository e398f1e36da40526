import type { Parsed } from '../validation/field-error.js';
import { optional, parseObject, required, type ObjectShape } from '../validation/object-shape.js';
import { descriptionRule, titleRule } from '../values/free-text.value.js';
import { topicSlugRule } from '../values/topic-slug.value.js';
import type { Topic, TopicChanges } from './topic.types.js';

const TOPIC: ObjectShape = { slug: required(topicSlugRule), title: required(titleRule), description: optional(descriptionRule) };
// The slug is the topic's identity: a revision body naming it is an unknown field.
const REVISION: ObjectShape = { title: required(titleRule), description: optional(descriptionRule) };

/** A topic to register, as sent → the Topic, description null when omitted. */
export function parseTopic(body: unknown): Parsed<Topic> {
  return parseObject<Topic>(body, TOPIC, 'whole');
}

/** A topic revision, as sent → the fields sent; description null removes it, title cannot be. */
export function parseTopicRevision(body: unknown): Parsed<TopicChanges> {
  return parseObject<TopicChanges>(body, REVISION, 'patch');
}
