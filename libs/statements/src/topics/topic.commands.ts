import type { Topic, TopicChanges } from './topic.types.js';

export type RegisterTopic = { type: 'RegisterTopic'; topic: Topic };
export type ReviseTopic = { type: 'ReviseTopic'; slug: string; changes: TopicChanges };

export type TopicCommand = RegisterTopic | ReviseTopic;
