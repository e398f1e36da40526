import { GENESIS_HASH } from './event-store.port.js';
import { canonicalJson, dataHash, eventHash, verifyChain, type ChainedEvent } from './hash-chain.js';

// Computed outside the code under test: printf '%s' '<canonical text>' | sha256sum
const VECTOR = {
  data: { title: 'AUKUS Pillar II — partnership', slug: 'aukus-pillar-ii', description: null },
  canonicalData: '{"description":null,"slug":"aukus-pillar-ii","title":"AUKUS Pillar II — partnership"}',
  dataHash: '0fa13a94b73704c9c54447452128731709ea2013117795c8d59dfd1e5f8cd4bf',
  metadata: {
    schemaVersion: 1,
    recordedBy: 'alice',
    recordedAt: '2026-11-23T10:00:00.000Z',
    correlationId: 'c-1',
    causationId: null,
  },
  hash: '090cad47e42b3634a1f66652dcc6c1adf29b04db2a505878dde34f5facb95a88',
};

function chain(length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let logPosition = 1; logPosition <= length; logPosition++) {
    const data = { statementId: `s-${logPosition}`, position: logPosition % 2 ? 'supports' : 'opposes', quote: null };
    const link = {
      logPosition,
      streamId: `statement-${logPosition % 3}`,
      revision: Math.floor((logPosition - 1) / 3),
      type: 'StatementRecorded',
      dataHash: dataHash(data),
      metadata: { ...VECTOR.metadata, correlationId: `c-${logPosition}` },
    };
    const hash = eventHash(prevHash, link);
    events.push({ ...link, data, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

describe('hash chain', () => {
  test('matches a vector computed by hand with sha256sum', () => {
    expect(canonicalJson(VECTOR.data)).toBe(VECTOR.canonicalData);
    expect(dataHash(VECTOR.data)).toBe(VECTOR.dataHash);
    const link = {
      logPosition: 1,
      streamId: 'topic-aukus-pillar-ii',
      revision: 0,
      type: 'TopicRegistered',
      dataHash: VECTOR.dataHash,
      metadata: VECTOR.metadata,
    };
    expect(eventHash(GENESIS_HASH, link)).toBe(VECTOR.hash);
  });

  test('the data hash does not depend on key order', () => {
    expect(dataHash({ a: 1, b: { d: [1, 'x'], c: null } })).toBe(dataHash({ b: { c: null, d: [1, 'x'] }, a: 1 }));
  });

  test('an event passed whole hashes the same as its covered fields', () => {
    const [event] = chain(1);
    expect(eventHash(GENESIS_HASH, event)).toBe(event.hash);
  });

  test('an intact chain verifies, from a sync or an async source', async () => {
    const events = chain(7);
    const expected = { ok: true, eventsChecked: 7, head: { logPosition: 7, hash: events[6].hash } };
    expect(await verifyChain(events)).toEqual(expected);
    async function* pages() {
      yield* events.slice(0, 3);
      yield* events.slice(3);
    }
    expect(await verifyChain(pages())).toEqual(expected);
  });

  test('an empty log verifies with the genesis head', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, eventsChecked: 0, head: { logPosition: 0, hash: GENESIS_HASH } });
  });

  test('continues from a trusted checkpoint', async () => {
    const events = chain(6);
    const from = { logPosition: 3, hash: events[2].hash };
    expect(await verifyChain(events.slice(3), { from })).toMatchObject({ ok: true, eventsChecked: 3 });
    const forged = { logPosition: 3, hash: 'f'.repeat(64) };
    expect(await verifyChain(events.slice(3), { from: forged })).toMatchObject({ ok: false, firstInvalidLogPosition: 4 });
  });

  test.each([
    ['changed data', (events: ChainedEvent[]) => (events[3] = { ...events[3], data: { ...events[3].data, position: 'neutral' } })],
    ['changed metadata', (events: ChainedEvent[]) => (events[3] = { ...events[3], metadata: { ...events[3].metadata, recordedBy: 'mallory' } })],
    ['changed type', (events: ChainedEvent[]) => (events[3] = { ...events[3], type: 'StatementRetracted' })],
    ['a rewritten hash', (events: ChainedEvent[]) => (events[3] = { ...events[3], hash: 'a'.repeat(64) })],
    ['a missing position (gap)', (events: ChainedEvent[]) => events.splice(3, 1)],
    ['swapped events', (events: ChainedEvent[]) => ([events[3], events[4]] = [events[4], events[3]])],
    [
      'swapped contents at their places',
      (events: ChainedEvent[]) => {
        const [a, b] = [events[3], events[4]];
        events[3] = { ...b, logPosition: a.logPosition };
        events[4] = { ...a, logPosition: b.logPosition };
      },
    ],
  ])('detects %s at the first position that no longer verifies', async (_name, tamper) => {
    const events = chain(8);
    tamper(events);
    const result = await verifyChain(events);
    expect(result).toEqual({
      ok: false,
      eventsChecked: 3,
      head: { logPosition: 3, hash: events[2].hash },
      firstInvalidLogPosition: 4,
    });
  });

  test('a data change re-hashed consistently still breaks the link to the next event', async () => {
    const events = chain(5);
    const data = { ...events[1].data, position: 'neutral' };
    const forged = { ...events[1], data, dataHash: dataHash(data) };
    events[1] = { ...forged, hash: eventHash(forged.prevHash, forged) };
    expect(await verifyChain(events)).toMatchObject({ ok: false, eventsChecked: 2, firstInvalidLogPosition: 3 });
  });
});
