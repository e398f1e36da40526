import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { prepareUnit } from '../postgres/prepared-unit.js';
import { fromResolvedEvent, METADATA_PROPERTY, toEventData } from './event-codec.js';

const EVENT_ID = '6F9619FF-8B86-4011-B42D-00C04FC964FF';
const metadata = { recordedBy: 'alice', correlationId: 'c-1', causationId: null, schemaVersion: 1 };

function prepared(data: Record<string, unknown> = { statementId: 's', quote: 'it’s “positively” considering', score: -2 }) {
  const unit = prepareUnit({
    items: [{ streamId: 'statement-s', expected: 'no_stream', events: [{ eventId: EVENT_ID, type: 'StatementRecorded', data: data as never, metadata }] }],
  });
  return unit.items[0].events[0];
}

/** What the client hands back for a JSON event written as `written`: data and metadata parsed from their JSON bytes. */
function asRead(written: ReturnType<typeof toEventData>, streamId: string, overrides: Record<string, unknown> = {}): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: written.id,
      isJson: true,
      revision: 3n,
      type: written.type,
      created: new Date('2026-11-23T10:00:00.123Z'),
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      position: { commit: 1200n, prepare: 1100n },
      ...overrides,
    },
    commitPosition: 1200n,
  } as AllStreamResolvedEvent;
}

describe('events to and from KurrentDB', () => {
  test('written as a JSON event with the caller’s id and the metadata as one string member', () => {
    const written = toEventData(prepared());
    expect(written).toEqual({
      id: EVENT_ID.toLowerCase(),
      contentType: 'application/json',
      type: 'StatementRecorded',
      data: { statementId: 's', quote: 'it’s “positively” considering', score: -2 },
      metadata: { [METADATA_PROPERTY]: JSON.stringify(metadata) },
    });
    // multi-stream append takes only string values in metadata
    expect(Object.values(written.metadata as object).every((value) => typeof value === 'string')).toBe(true);
  });

  test('read back from $all into what the chainer chains; the prefix is taken off the stream name', () => {
    const written = toEventData(prepared());
    expect(fromResolvedEvent(asRead(written, 'ledger/statement-s'), 'ledger/')).toEqual({
      ok: true,
      event: {
        eventId: EVENT_ID.toLowerCase(),
        streamId: 'statement-s',
        revision: 3,
        type: 'StatementRecorded',
        data: written.data,
        metadata,
        created: '2026-11-23T10:00:00.123Z',
        position: { commit: 1200n, prepare: 1100n },
      },
    });
  });

  test('data and metadata that arrive as bytes are parsed', () => {
    const written = toEventData(prepared());
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const decoded = fromResolvedEvent(asRead(written, 'statement-s', { isJson: false, data: bytes(written.data), metadata: bytes(written.metadata) }), '');
    expect(decoded).toMatchObject({ ok: true, event: { data: written.data, metadata } });
  });

  test('extra metadata members the server may add are ignored', () => {
    const written = toEventData(prepared());
    const read = asRead(written, 'statement-s', { metadata: { ...(written.metadata as object), '$schema.format': 'Json' } });
    expect(fromResolvedEvent(read, '')).toMatchObject({ ok: true, event: { metadata } });
  });

  test.each([
    ['a system stream', (written: ReturnType<typeof toEventData>) => asRead(written, '$statistics-127.0.0.1:2113')],
    ['a stream without the prefix', (written: ReturnType<typeof toEventData>) => asRead(written, 'other/statement-s')],
    ['the bare prefix', (written: ReturnType<typeof toEventData>) => asRead(written, 'ledger/')],
  ])('passes by %s', (_name, read) => {
    const decoded = fromResolvedEvent(read(toEventData(prepared())), 'ledger/');
    expect(decoded).toMatchObject({ ok: false, reason: 'not a stream of this store' });
  });

  test('passes by a link and a resolved event without its record', () => {
    const written = toEventData(prepared());
    const read = asRead(written, 'statement-s');
    expect(fromResolvedEvent({ ...read, link: read.event as never }, '')).toMatchObject({ ok: false, reason: 'a link event' });
    expect(fromResolvedEvent({ commitPosition: 1n }, '')).toMatchObject({ ok: false });
  });

  test.each([
    ['no metadata', { metadata: undefined }, /no ledger metadata/],
    ['foreign metadata', { metadata: { $correlationId: 'x' } }, /no ledger metadata/],
    ['ledger metadata of the wrong shape', { metadata: { [METADATA_PROPERTY]: JSON.stringify({ recordedBy: 1 }) } }, /no ledger metadata/],
    ['data that is an array', { data: [1, 2] }, /not a JSON object/],
    ['data PostgreSQL cannot store', { data: { text: 'nul \u0000 here' } }, /cannot be stored/],
    ['metadata that is not JSON', { metadata: new TextEncoder().encode('{not json') }, /cannot be stored/],
  ])('passes by an event with %s, saying why', (_name, overrides, reason) => {
    expect(fromResolvedEvent(asRead(toEventData(prepared()), 'statement-s', overrides), '')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(reason),
      eventId: EVENT_ID.toLowerCase(),
      streamId: 'statement-s',
    });
  });
});
