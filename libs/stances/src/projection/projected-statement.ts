import {
  applyStatementChanges,
  normalForm,
  statedInterval,
  statementContentSchema,
  type EventEnvelope,
  type StatementContent,
  type StatementEvent,
} from '@app/statements';
import type { StatementView } from '../statement-view.js';

/** A statement as the read models hold it: the served view plus the columns for ordering. */
export interface ProjectedStatement {
  view: StatementView;
  /** UTC instant where `statedAt`'s interval starts. */
  statedFrom: string;
  /** logPosition of its StatementRecorded: breaks ties in statement order. */
  recordLogPosition: number;
  /** logPosition of its latest event. */
  logPosition?: number;
}

/** A stance key: who holds the position (a country code or an actor's slug), on what topic, about whom (null: no target). */
export interface StanceKey {
  holder: string;
  topic: string;
  target: string | null;
}

export function stanceKeyOf(statement: ProjectedStatement): StanceKey {
  return { holder: statement.view.holder, topic: statement.view.topic, target: statement.view.target };
}

function contentOf(view: StatementView): StatementContent {
  return normalForm<StatementContent>(statementContentSchema, view);
}

/** The view with this content; `source` is always the primary source, `sources[0]`. */
function withContent(view: Omit<StatementView, keyof StatementContent | 'source'>, content: StatementContent): StatementView {
  return { ...view, ...content, source: content.sources[0] };
}

/** A statement event where the log holds it (from `toDomainEvent`, or as a write is about to store it). */
export type RecordedStatementEvent = StatementEvent & EventEnvelope;

/** Evolves the served view of one statement by one of its events (metadata included). */
export function applyStatementEvent(before: ProjectedStatement | null, event: RecordedStatementEvent): ProjectedStatement {
  const { recordedAt, recordedBy } = event.metadata;
  switch (event.type) {
    case 'StatementRecorded': {
      const { statementId, ...content } = event.data;
      const view = withContent(
        { statementId, revision: event.revision, status: 'active', recordedAt, recordedBy, revisedAt: recordedAt, revisedBy: recordedBy },
        content,
      );
      return project(view, event.logPosition, event.logPosition);
    }
    case 'StatementCorrected': {
      const previous = required(before, event);
      const content = applyStatementChanges(contentOf(previous.view), event.data.changes);
      const view = withContent({ ...previous.view, revision: event.revision, revisedAt: recordedAt, revisedBy: recordedBy }, content);
      return project(view, previous.recordLogPosition, event.logPosition);
    }
    case 'StatementRetracted': {
      const previous = required(before, event);
      const view: StatementView = {
        ...previous.view,
        status: 'retracted',
        revision: event.revision,
        revisedAt: recordedAt,
        revisedBy: recordedBy,
      };
      return project(view, previous.recordLogPosition, event.logPosition);
    }
  }
}

function project(view: StatementView, recordLogPosition: number, logPosition: number): ProjectedStatement {
  return { view, statedFrom: statedInterval(view.statedAt).statedFrom, recordLogPosition, logPosition };
}

function required(before: ProjectedStatement | null, event: RecordedStatementEvent): ProjectedStatement {
  if (!before) throw new Error(`${event.type} at ${event.logPosition} for a statement never recorded`);
  return before;
}
