import type { StatementChanges, StatementContent } from './statement-content.types.js';

/** Time, ids and what the handler looked up come in through the command: decide reads no clock. */
export type RecordStatement = {
  type: 'RecordStatement';
  statementId: string;
  content: StatementContent;
  /** Whether content.topic is a registered topic. */
  topicRegistered: boolean;
  /** Which of the actor slugs the content names as holder or target are registered. */
  registeredActors: ReadonlySet<string>;
};

export type CorrectStatement = {
  type: 'CorrectStatement';
  statementId: string;
  changes: StatementChanges;
  reason: string;
  /** From If-Match: the revision the client saw. */
  expectedRevision?: number;
  /** Whether the topic changes.topic names is registered; consulted only if the topic changes. */
  topicRegistered: boolean;
  /** Which of the actor slugs the changes name as holder or target are registered; consulted only for a holder or target that changes. */
  registeredActors: ReadonlySet<string>;
  /** The request's time, bounding a corrected statedAt at the end of tomorrow (UTC). */
  now: Date;
};

export type RetractStatement = {
  type: 'RetractStatement';
  statementId: string;
  reason: string;
  expectedRevision?: number;
};

export type StatementCommand = RecordStatement | CorrectStatement | RetractStatement;
