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
    expect(() => toDomainEvent(stored('StatementRecorded', CURRENT_SCHEMA_VERSION + 1))).toThrow(/schemaVersion 2/);
  });
});
