import type { StatementChanges, StatementContent, Topic, TopicChanges } from './statement.types.js';

/** Events are plain objects with a stable string type (never a class name). */
export type TopicRegistered = { type: 'TopicRegistered'; data: Topic };
export type TopicRevised = { type: 'TopicRevised'; data: { slug: string; changes: TopicChanges } };
export type StatementRecorded = { type: 'StatementRecorded'; data: { statementId: string } & StatementContent };
export type StatementCorrected = {
  type: 'StatementCorrected';
  data: { statementId: string; changes: StatementChanges; reason: string };
};
export type StatementRetracted = { type: 'StatementRetracted'; data: { statementId: string; reason: string } };

export type TopicEvent = TopicRegistered | TopicRevised;
export type StatementEvent = StatementRecorded | StatementCorrected | StatementRetracted;

export const topicStreamId = (slug: string) => `topic-${slug}`;
export const statementStreamId = (statementId: string) => `statement-${statementId}`;
