import { DeciderSpecification } from '../testing/decider-specification.js';
import { CONTENT, NOW, STATEMENT_ID, recorded } from '../testing/statement-fixtures.js';
import type { CorrectStatement, RetractStatement } from './statement.commands.js';
import { statementDecider } from './statement.decider.js';
import {
  InvalidCorrectionError,
  NothingToCorrectError,
  RevisionMismatchError,
  StatementAlreadyRecordedError,
  StatementNotFoundError,
  StatementRetractedError,
  TopicNotRegisteredError,
} from './statement.errors.js';
import type { StatementEvent } from './statement.events.js';
import { evolveStatement, initialStatementState } from './statement.evolve.js';

const spec = DeciderSpecification(statementDecider);

const record = (content = CONTENT, topicRegistered = true) => ({ type: 'RecordStatement' as const, statementId: STATEMENT_ID, content, topicRegistered });

const correct = (changes: CorrectStatement['changes'], extra: Partial<CorrectStatement> = {}): CorrectStatement => ({
  type: 'CorrectStatement',
  statementId: STATEMENT_ID,
  changes,
  reason: 'Misread the source',
  topicRegistered: true,
  now: NOW,
  ...extra,
});

const retract = (extra: Partial<RetractStatement> = {}): RetractStatement => ({
  type: 'RetractStatement',
  statementId: STATEMENT_ID,
  reason: 'The source withdrew its report',
  ...extra,
});

const corrected = (changes: CorrectStatement['changes']): StatementEvent => ({
  type: 'StatementCorrected',
  data: { statementId: STATEMENT_ID, changes, reason: 'Misread the source' },
});

const retracted: StatementEvent = { type: 'StatementRetracted', data: { statementId: STATEMENT_ID, reason: 'The source withdrew its report' } };

describe('recording a statement', () => {
  it('records it with every content field', () => {
    spec.given([]).when(record()).then([recorded()]);
  });

  it('refuses a topic that is not registered', () => {
    spec
      .given([])
      .when(record(CONTENT, false))
      .thenThrows(TopicNotRegisteredError, (error) => {
        expect(error.slug).toBe('aukus-pillar-ii');
      });
  });

  it('writes nothing for the same id with the same content (a retry)', () => {
    spec.given([recorded()]).when(record()).then([]);
  });

  it('stays idempotent after the statement was corrected: the recorded content is what counts', () => {
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(record())
      .then([]);
  });

  it('refuses the same id with other content', () => {
    spec
      .given([recorded()])
      .when(record({ ...CONTENT, position: 'supports' }))
      .thenThrows(StatementAlreadyRecordedError);
  });
});

describe('correcting a statement', () => {
  it('records the normalised patch and the reason', () => {
    spec
      .given([recorded()])
      .when(correct({ position: 'supports', utteranceId: '698341F4-1E10-59BE-8EA0-C9C853BB530A' }))
      .then([corrected({ position: 'supports', utteranceId: '698341f4-1e10-59be-8ea0-c9c853bb530a' })]);
  });

  it('refuses an unknown statement', () => {
    spec
      .given([])
      .when(correct({ position: 'supports' }))
      .thenThrows(StatementNotFoundError);
  });

  it('refuses a retracted statement', () => {
    spec
      .given([recorded(), retracted])
      .when(correct({ position: 'supports' }))
      .thenThrows(StatementRetractedError);
  });

  it('refuses when If-Match names another revision', () => {
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(correct({ position: 'neutral' }, { expectedRevision: 0 }))
      .thenThrows(RevisionMismatchError, (error) => {
        expect([error.expected, error.actual]).toEqual([0, 1]);
      });
  });

  it('accepts when If-Match names the current revision', () => {
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(correct({ position: 'neutral' }, { expectedRevision: 1 }))
      .then([corrected({ position: 'neutral' })]);
  });

  it('refuses a correction that changes nothing', () => {
    spec.given([recorded()]).when(correct({})).thenThrows(NothingToCorrectError);
    spec
      .given([recorded()])
      .when(correct({ position: 'considering', actor: { country: 'KOR' }, quote: null }))
      .thenThrows(NothingToCorrectError);
  });

  it('compares with the current content, not the recorded one', () => {
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(correct({ position: 'supports' }))
      .thenThrows(NothingToCorrectError);
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(correct({ position: 'considering' }))
      .then([corrected({ position: 'considering' })]);
  });

  it('refuses moving the statement to an unregistered topic', () => {
    spec
      .given([recorded()])
      .when(correct({ topic: 'quad-plus' }, { topicRegistered: false }))
      .thenThrows(TopicNotRegisteredError, (error) => {
        expect(error.slug).toBe('quad-plus');
      });
  });

  it('moves it to a registered topic', () => {
    spec
      .given([recorded()])
      .when(correct({ topic: 'quad-plus' }))
      .then([corrected({ topic: 'quad-plus' })]);
  });

  it('does not ask about the topic when the topic stays', () => {
    spec
      .given([recorded()])
      .when(correct({ topic: 'aukus-pillar-ii', target: null }, { topicRegistered: false }))
      .then([corrected({ topic: 'aukus-pillar-ii', target: null })]);
  });

  it('refuses a patch that breaks the rules (400), pointing under /changes', () => {
    spec
      .given([recorded()])
      .when(correct({ position: null, actor: { country: 'kor' } } as never))
      .thenThrows(InvalidCorrectionError, (error) => {
        expect(error.errors.map((e) => e.pointer)).toEqual(['/changes/actor/country', '/changes/position']);
      });
  });

  it('bounds a corrected statedAt by the command time', () => {
    spec
      .given([recorded()])
      .when(correct({ statedAt: '2026-11-25' }))
      .thenThrows(InvalidCorrectionError, (error) => {
        expect(error.errors).toEqual([{ pointer: '/changes/statedAt', detail: 'must not start after the end of tomorrow (UTC)' }]);
      });
  });
});

describe('retracting a statement', () => {
  it('records the retraction with its reason', () => {
    spec.given([recorded()]).when(retract()).then([retracted]);
    spec
      .given([recorded(), corrected({ position: 'supports' })])
      .when(retract({ expectedRevision: 1 }))
      .then([retracted]);
  });

  it('refuses an unknown statement', () => {
    spec.given([]).when(retract()).thenThrows(StatementNotFoundError);
  });

  it('refuses a statement already retracted', () => {
    spec.given([recorded(), retracted]).when(retract()).thenThrows(StatementRetractedError);
  });

  it('refuses when If-Match names another revision', () => {
    spec
      .given([recorded()])
      .when(retract({ expectedRevision: 3 }))
      .thenThrows(RevisionMismatchError);
    // The precondition is checked first, as HTTP does.
    spec
      .given([recorded(), retracted])
      .when(retract({ expectedRevision: 0 }))
      .thenThrows(RevisionMismatchError);
  });
});

describe('the state of a statement', () => {
  it('counts revisions: 0 when recorded, +1 per correction and retraction', () => {
    const states = [recorded(), corrected({ position: 'supports' }), corrected({ target: null }), retracted].reduce(
      (trail, event) => [...trail, evolveStatement(trail[trail.length - 1], event)],
      [initialStatementState],
    );
    expect(states.map((state) => [state.status, state.revision])).toEqual([
      ['none', -1],
      ['active', 0],
      ['active', 1],
      ['active', 2],
      ['retracted', 3],
    ]);
    expect(states[3].content).toEqual({ ...CONTENT, position: 'supports', target: null });
    expect(states[4].content).toEqual(states[3].content);
    expect(states[4].statementId).toBe(STATEMENT_ID);
  });

  it('ignores event types it does not know (later schema versions)', () => {
    const state = evolveStatement(initialStatementState, recorded());
    expect(evolveStatement(state, { type: 'StatementAnnotated', data: {} } as never)).toBe(state);
  });
});
