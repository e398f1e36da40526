import type { Topic, TopicChanges } from './topic.types.js';

export type TopicRegistered = { type: 'TopicRegistered'; data: Topic };
/** `changes` holds only the fields whose value the revision changed. */
export type TopicRevised = { type: 'TopicRevised'; data: { slug: string; changes: TopicChanges } };

export type TopicEvent = TopicRegistered | TopicRevised;

export const topicStreamId = (slug: string): string => `topic-${slug}`;
