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
  ActorNotRegisteredError,
} from './statement.errors.js';
import type { StatementEvent } from './statement.events.js';
import { evolveStatement, initialStatementState } from './statement.evolve.js';

const spec = DeciderSpecification(statementDecider);

const record = (content = CONTENT, topicRegistered = true, registeredActors: ReadonlySet<string> = new Set()) => ({
  type: 'RecordStatement' as const,
  statementId: STATEMENT_ID,
  content,
  topicRegistered,
  registeredActors,
});

const correct = (changes: CorrectStatement['changes'], extra: Partial<CorrectStatement> = {}): CorrectStatement => ({
  type: 'CorrectStatement',
  statementId: STATEMENT_ID,
  changes,
  reason: 'Misread the source',
  topicRegistered: true,
  registeredActors: new Set(),
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

describe("v2: holders and targets that are actors, and the holder that follows the speaker's country", () => {
  const aukusHolds = { ...CONTENT, holder: 'aukus', attribution: 'reported' as const };

  it('given nothing, when a statement names a registered actor as holder, then it is recorded with that holder', () => {
    spec
      .given([])
      .when(record(aukusHolds, true, new Set(['aukus'])))
      .then([recorded(aukusHolds)]);
  });

  it('given nothing, when the holder is an actor slug nobody registered, then it is refused (422) naming the slug and the field', () => {
    spec
      .given([])
      .when(record(aukusHolds))
      .thenThrows(ActorNotRegisteredError, (error) => {
        expect([error.slug, error.field, error.kind]).toEqual(['aukus', 'holder', 'unprocessable']);
      });
  });

  it('given nothing, when the target is an unregistered actor slug, then it is refused naming the target', () => {
    spec
      .given([])
      .when(record({ ...CONTENT, target: 'aukus' }))
      .thenThrows(ActorNotRegisteredError, (error) => expect(error.field).toBe('target'));
  });

  it("given a statement whose holder is its speaker's country, when a correction changes actor.country, then the holder moves with it", () => {
    const state = [recorded()].reduce(evolveStatement, initialStatementState);
    spec
      .given([recorded()])
      .when(correct({ actor: { country: 'JPN' } }))
      .then([corrected({ actor: { country: 'JPN' } })]);
    const after = evolveStatement(state, corrected({ actor: { country: 'JPN' } }));
    expect([after.content?.holder, after.content?.actor.country]).toEqual(['JPN', 'JPN']);
  });

  it('given the same, when the correction also sets holder, then the holder is the one sent', () => {
    const state = [recorded(), corrected({ actor: { country: 'JPN' }, holder: 'USA' })].reduce(evolveStatement, initialStatementState);
    expect([state.content?.holder, state.content?.actor.country]).toEqual(['USA', 'JPN']);
  });

  it('given a statement held by an actor, when a correction changes actor.country, then the holder stays', () => {
    const state = [recorded(aukusHolds), corrected({ actor: { country: 'JPN' } })].reduce(evolveStatement, initialStatementState);
    expect(state.content?.holder).toBe('aukus');
  });

  it('given a statement, when a correction moves the holder to an unregistered actor, then it is refused; to a registered one, recorded', () => {
    spec
      .given([recorded()])
      .when(correct({ holder: 'aukus' }))
      .thenThrows(ActorNotRegisteredError);
    spec
      .given([recorded()])
      .when(correct({ holder: 'aukus' }, { registeredActors: new Set(['aukus']) }))
      .then([corrected({ holder: 'aukus' })]);
  });

  it('given a statement, when a correction sends sources, then the list is replaced whole; when it sends source, only sources[0] is patched', () => {
    const two = [
      { url: null, publisher: 'Korea Pro', title: 'Seoul weighs', publishedAt: '2024-11' },
      { url: 'https://example.org/b', publisher: null, title: null, publishedAt: null },
    ];
    const state = [recorded({ ...CONTENT, sources: two }), corrected({ source: { title: 'Seoul weighs joining' } })].reduce(
      evolveStatement,
      initialStatementState,
    );
    expect(state.content?.sources).toEqual([{ ...two[0], title: 'Seoul weighs joining' }, two[1]]);
    const replaced = evolveStatement(state, corrected({ sources: [two[1]] }));
    expect(replaced.content?.sources).toEqual([two[1]]);
  });

  it('given a statement, when a correction sends both source and sources, then it is refused at /changes/source', () => {
    spec
      .given([recorded()])
      .when(correct({ source: { title: 'x' }, sources: CONTENT.sources }))
      .thenThrows(InvalidCorrectionError, (error) => expect(error.errors.map((e) => e.pointer)).toEqual(['/changes/source']));
  });
});
