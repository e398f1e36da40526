import { applyStatementChanges } from '../statements/statement-changes.js';
import { CONTENT, STATEMENT_ID } from '../testing/statement-fixtures.js';
import { CURRENT_SCHEMA_VERSION, isActorEvent, isStatementEvent, isTopicEvent, toDomainEvent } from './ledger-event.js';

const stored = (type: string, schemaVersion = CURRENT_SCHEMA_VERSION) => ({
  logPosition: 7,
  revision: 0,
  type,
  data: { statementId: STATEMENT_ID, ...CONTENT },
  metadata: { recordedAt: '2026-11-23T10:00:00.000Z', recordedBy: 'alice', schemaVersion },
});

describe('toDomainEvent, the upcast seam', () => {
  test('an event of the current schema is the domain event, its place in the log kept', () => {
    const event = toDomainEvent(stored('StatementRecorded'))!;
    expect(event.type).toBe('StatementRecorded');
    expect(isStatementEvent(event) && !isTopicEvent(event)).toBe(true);
    expect(event).toMatchObject({ logPosition: 7, revision: 0, data: { statementId: STATEMENT_ID, topic: CONTENT.topic } });
  });

  test("an actor's events are the ledger's own: typed, not someone else's", () => {
    const event = toDomainEvent({ ...stored('ActorRegistered'), data: { slug: 'aukus' } })!;
    expect(event).not.toBeNull();
    expect(isActorEvent(event) && !isTopicEvent(event) && !isStatementEvent(event)).toBe(true);
  });

  test('a type the domain does not know is someone else’s: null, not an error', () => {
    expect(toDomainEvent(stored('OrderPlaced'))).toBeNull();
  });

  test('a schema version this code cannot read stops with a reason instead of being misread', () => {
    expect(() => toDomainEvent(stored('StatementRecorded', CURRENT_SCHEMA_VERSION + 1))).toThrow(new RegExp(`schemaVersion ${CURRENT_SCHEMA_VERSION + 1}`));
  });
});

describe('events recorded before v2 (schemaVersion 1), read through the upcast', () => {
  const v1Body = {
    actor: { country: 'KOR', body: 'National Security Office', person: 'Kim Tae-hyo', role: 'First Deputy Director' },
    topic: 'aukus-pillar-ii',
    target: 'KOR',
    position: 'considering',
    statedAt: '2024-11',
    summary: null,
    quote: null,
    quoteLanguage: null,
    source: { url: 'https://example.org/korea-pro/aukus', publisher: 'Korea Pro', publishedAt: null },
    cameoCode: '0312',
    utteranceId: null,
  };
  const v1 = (type: string, data: unknown) => ({ type, data, metadata: { schemaVersion: 1 } });

  test("given a v1 StatementRecorded, then the holder is the speaker's country, on_record, firm, and sources = [source]; the stored event is not changed", () => {
    const event = v1('StatementRecorded', { statementId: STATEMENT_ID, ...v1Body });
    const before = JSON.stringify(event);
    const upcast = toDomainEvent(event)!;
    expect(upcast.data).toEqual({
      statementId: STATEMENT_ID,
      ...v1Body,
      source: undefined,
      holder: 'KOR',
      attribution: 'on_record',
      modality: 'firm',
      sources: [{ ...v1Body.source, title: null }],
    });
    expect('source' in upcast.data).toBe(false);
    expect(JSON.stringify(event)).toBe(before);
  });

  test('given a v1 StatementCorrected changing actor.country and source, when applied, then the holder moves with the country and source patches sources[0]', () => {
    const recorded = toDomainEvent(v1('StatementRecorded', { statementId: STATEMENT_ID, ...v1Body }))!;
    const corrected = toDomainEvent(
      v1('StatementCorrected', { statementId: STATEMENT_ID, changes: { actor: { country: 'JPN' }, source: { publisher: 'Yonhap' } }, reason: 'x' }),
    )!;
    expect(corrected.type).toBe('StatementCorrected');
    if (recorded.type !== 'StatementRecorded' || corrected.type !== 'StatementCorrected') throw new Error('unexpected types');
    const { statementId: _, ...content } = recorded.data;
    const next = applyStatementChanges(content, corrected.data.changes);
    expect(next.holder).toBe('JPN');
    expect(next.actor.country).toBe('JPN');
    expect(next.sources).toEqual([{ ...v1Body.source, publisher: 'Yonhap', title: null }]);
  });
});
