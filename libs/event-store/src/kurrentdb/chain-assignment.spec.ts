import { GENESIS_HASH, type RecordedEvent } from '../event-store.port.js';
import { dataHash, eventHash, verifyChain } from '../hash-chain.js';
import { chainEvents, type ChainTip } from './chain-assignment.js';
import type { IncomingEvent } from './event-codec.js';

const GENESIS: ChainTip = { logPosition: 0, hash: GENESIS_HASH, recordedAt: null };
let nextId = 0;

function incoming(overrides: Partial<IncomingEvent> = {}): IncomingEvent {
  nextId += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    streamId: 'statement-1',
    revision: 0,
    type: 'StatementRecorded',
    data: { statementId: '1', quote: 'positively considering', score: 2, target: null },
    metadata: { recordedBy: 'alice', correlationId: 'c-1', causationId: null, schemaVersion: 1 },
    created: '2026-11-23T10:00:00.000Z',
    position: { commit: BigInt(nextId * 100), prepare: BigInt(nextId * 100) },
    ...overrides,
  };
}

describe('the chainer’s assignment (pure)', () => {
  test('from the genesis: positions 1, 2, 3, …, each field as hash-chain.ts defines, and verifyChain accepts them', async () => {
    const batch = [incoming(), incoming({ revision: 1 }), incoming({ streamId: 'topic-aukus', type: 'TopicRegistered', data: { slug: 'aukus' } })];
    const { events, tip, skipped } = chainEvents(GENESIS, batch);
    expect(skipped).toEqual([]);
    expect(events.map((event) => event.logPosition)).toEqual([1, 2, 3]);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    events.forEach((event, index) => {
      const source = batch[index];
      expect(event).toEqual({
        logPosition: index + 1,
        streamId: source.streamId,
        revision: source.revision,
        eventId: source.eventId,
        type: source.type,
        data: source.data,
        dataHash: dataHash(source.data),
        metadata: { ...source.metadata, recordedAt: source.created },
        prevHash: index === 0 ? GENESIS_HASH : events[index - 1].hash,
        hash: eventHash(index === 0 ? GENESIS_HASH : events[index - 1].hash, event),
      });
    });
    expect(tip).toEqual({ logPosition: 3, hash: events[2].hash, recordedAt: '2026-11-23T10:00:00.000Z' });
    expect(await verifyChain(events)).toEqual({ ok: true, eventsChecked: 3, head: { logPosition: 3, hash: events[2].hash } });
  });

  test('continues a chain from its tip without a gap, batch after batch', async () => {
    const first = chainEvents(GENESIS, [incoming(), incoming({ revision: 1 })]);
    const second = chainEvents(first.tip, [incoming({ streamId: 's2' }), incoming({ streamId: 's3' })]);
    const third = chainEvents(second.tip, []);
    expect(third).toEqual({ events: [], skipped: [], tip: second.tip });
    expect(second.events.map((event) => event.logPosition)).toEqual([3, 4]);
    expect(second.events[0].prevHash).toBe(first.tip.hash);
    const all: RecordedEvent[] = [...first.events, ...second.events];
    expect(await verifyChain(all)).toMatchObject({ ok: true, eventsChecked: 4 });
    // and from a checkpoint, as a verifier holding only the second batch would
    expect(await verifyChain(second.events, { from: { logPosition: 2, hash: first.tip.hash } })).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  test('recordedAt is the time KurrentDB stored the event, never earlier than the tip’s', () => {
    const tip: ChainTip = { logPosition: 10, hash: 'a'.repeat(64), recordedAt: '2026-11-23T10:00:05.000Z' };
    const { events, tip: next } = chainEvents(tip, [
      incoming({ created: '2026-11-23T10:00:01.000Z' }), // a node whose clock is behind
      incoming({ created: '2026-11-23T10:00:07.250Z' }),
      incoming({ created: '2026-11-23T10:00:06.000Z' }),
      incoming({ created: '2026-11-23T10:00:09.001Z' }),
    ]);
    expect(events.map((event) => event.metadata.recordedAt)).toEqual([
      '2026-11-23T10:00:05.000Z',
      '2026-11-23T10:00:07.250Z',
      '2026-11-23T10:00:07.250Z',
      '2026-11-23T10:00:09.001Z',
    ]);
    expect(next.recordedAt).toBe('2026-11-23T10:00:09.001Z');
  });

  test('events of one KurrentDB transaction (one commit position) share one recordedAt', () => {
    const commit = 5000n;
    const { events } = chainEvents(GENESIS, [
      incoming({ created: '2026-11-23T10:00:01.000Z', position: { commit, prepare: 4000n } }),
      incoming({ created: '2026-11-23T10:00:01.003Z', position: { commit, prepare: 4100n }, streamId: 'other' }),
      incoming({ created: '2026-11-23T10:00:01.004Z', position: { commit: 6000n, prepare: 6000n } }),
    ]);
    expect(events.map((event) => event.metadata.recordedAt)).toEqual(['2026-11-23T10:00:01.000Z', '2026-11-23T10:00:01.000Z', '2026-11-23T10:00:01.004Z']);
  });

  test('an event id already chained, or twice in the batch, is passed by and leaves no gap', async () => {
    const stored = incoming();
    const again = { ...incoming(), eventId: stored.eventId, streamId: 'elsewhere' };
    const fresh = incoming({ streamId: 's2' });
    const twice = { ...fresh, revision: 1 };
    const { events, skipped } = chainEvents(GENESIS, [again, fresh, twice], new Set([stored.eventId]));
    expect(skipped).toEqual([again, twice]);
    expect(events.map((event) => [event.logPosition, event.eventId])).toEqual([[1, fresh.eventId]]);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
  });

  test('the hash covers the metadata with recordedAt: changing either breaks verification', async () => {
    const { events } = chainEvents(GENESIS, [incoming(), incoming({ revision: 1 })]);
    const forged = events.map((event, index) => (index === 0 ? { ...event, metadata: { ...event.metadata, recordedAt: '2020-01-01T00:00:00.000Z' } } : event));
    expect(await verifyChain(forged)).toMatchObject({ ok: false, firstInvalidLogPosition: 1 });
    const changedData = events.map((event, index) => (index === 1 ? { ...event, data: { ...event.data, score: -2 } } : event));
    expect(await verifyChain(changedData)).toMatchObject({ ok: false, eventsChecked: 1, firstInvalidLogPosition: 2 });
  });
});
