import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamRequest,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import { Readable } from 'node:stream';
import type { KurrentDbClientPort } from '../chainer.js';

/**
 * A TEST DOUBLE of the KurrentDB client's five calls the adapter makes, in memory, with the
 * server's documented rules as far as the adapter relies on them: per-stream expected state,
 * idempotency by event id on single-stream appends, atomic multi-stream append (string-only
 * metadata, as the real client checks), events of one append sharing a commit position, an
 * exclusive `fromPosition` and filters on `$all` subscriptions that catch up and go live.
 *
 * It lets the adapter's own logic (chainer, leadership, waiting for the chain, idempotency
 * keys) run the shared contract suite on a real PostgreSQL where no KurrentDB server can be
 * installed. It proves nothing about the server: that is what KURRENTDB_URL is for.
 */

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}

interface ReadOptions {
  fromRevision?: ReadRevision;
  maxCount?: number | bigint;
  direction?: 'forwards' | 'backwards';
}

export class InMemoryKurrentDb {
  readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, bigint>();
  private readonly live = new Set<(record: StoredRecord) => void>();
  private nextPosition = 100n;
  /** Milliseconds added to the clock, to play a node whose clock is off. */
  clockSkewMs = 0;

  /**
   * The client's interface, as the store takes it in `options.client`. The one cast: the
   * port is the official client's own overloaded method types, which a double implementing
   * only the forms the adapter calls cannot satisfy; the KurrentDB suite runs the same
   * adapter against a real server when KURRENTDB_URL is set.
   */
  client(): KurrentDbClientPort {
    return {
      appendToStream: (streamName: string, events: EventData | EventData[], options?: { streamState?: AppendStreamState }) =>
        this.appendToStream(streamName, Array.isArray(events) ? events : [events], options?.streamState ?? 'any'),
      multiStreamAppend: (requests: AppendStreamRequest[]) => this.multiStreamAppend(requests),
      subscribeToAll: (options?: { fromPosition?: ReadPosition; filter?: Filter }) => this.subscribeToAll(options ?? {}),
      readStream: (streamName: string, options?: ReadOptions) => this.readStream(streamName, options ?? {}),
      dispose: async () => undefined,
    } as unknown as KurrentDbClientPort;
  }

  private async appendToStream(streamName: string, events: EventData[], state: AppendStreamState) {
    await tick();
    const current = this.streams.get(streamName);
    if (events.length > 0 && this.isReplay(streamName, events, state)) {
      return { success: true, nextExpectedRevision: current!, position: undefined };
    }
    this.check(streamName, state);
    const position = this.write([{ streamName, events }]);
    return { success: true, nextExpectedRevision: this.streams.get(streamName) ?? -1n, position };
  }

  private async multiStreamAppend(requests: AppendStreamRequest[]) {
    for (const request of requests) {
      for (const { metadata } of request.events) {
        if (metadata && Object.values(metadata).some((value) => typeof value !== 'string')) {
          throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
        }
      }
    }
    await tick();
    for (const request of requests) this.check(request.streamName, request.expectedState);
    const position = this.write(requests.map(({ streamName, events }) => ({ streamName, events })));
    return { position: position.commit, responses: requests.map(({ streamName }) => ({ streamName, revision: this.streams.get(streamName)! })) };
  }

  /** EventStoreDB's idempotency: the same ids already stand where this append would put them. */
  private isReplay(streamName: string, events: EventData[], state: AppendStreamState): boolean {
    const stored = this.log.filter((record) => record.streamId === streamName);
    const first = stored.findIndex((record) => record.id === events[0].id);
    if (first < 0) return false;
    const from = typeof state === 'bigint' ? Number(state) + 1 : state === 'no_stream' ? 0 : first;
    return from === first && events.every((event, index) => stored[from + index]?.id === event.id);
  }

  private check(streamName: string, expected: AppendStreamState): void {
    const current = this.streams.get(streamName);
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
  }

  private write(appends: { streamName: string; events: EventData[] }[]): Position {
    const created = new Date(Date.now() + this.clockSkewMs);
    const count = appends.reduce((sum, append) => sum + append.events.length, 0);
    const commit = this.nextPosition + BigInt(count) * 10n;
    const records: StoredRecord[] = [];
    for (const { streamName, events } of appends) {
      for (const event of events) {
        const revision = (this.streams.get(streamName) ?? -1n) + 1n;
        this.streams.set(streamName, revision);
        records.push({
          streamId: streamName,
          id: event.id,
          revision,
          type: event.type,
          // as the wire carries them: JSON text, parsed again on reading
          data: JSON.parse(JSON.stringify(event.data)),
          metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
          created,
          position: { commit, prepare: this.nextPosition },
        });
        this.nextPosition += 10n;
      }
    }
    this.nextPosition = commit + 10n;
    this.log.push(...records);
    for (const record of records) for (const deliver of this.live) deliver(record);
    return { commit, prepare: records[0]?.position.prepare ?? commit };
  }

  private subscribeToAll({ fromPosition = 'start', filter }: { fromPosition?: ReadPosition; filter?: Filter }) {
    const matches = (record: StoredRecord) => {
      if (!filter) return true;
      const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
      return 'prefixes' in filter ? filter.prefixes.some((prefix) => subject.startsWith(prefix)) : new RegExp(filter.regex).test(subject);
    };
    const after = (record: StoredRecord) =>
      fromPosition === 'start' ||
      (fromPosition !== 'end' &&
        (record.position.commit > fromPosition.commit || (record.position.commit === fromPosition.commit && record.position.prepare > fromPosition.prepare)));
    const stream = new Readable({ objectMode: true, read: () => undefined });
    const deliver = (record: StoredRecord) => {
      if (matches(record)) stream.push(resolved(record));
    };
    for (const record of fromPosition === 'end' ? [] : this.log) if (after(record)) deliver(record);
    this.live.add(deliver);
    return Object.assign(stream, {
      unsubscribe: async () => {
        this.live.delete(deliver);
        if (!stream.destroyed) stream.push(null);
      },
    });
  }

  private async *readStream(streamName: string, { fromRevision = 'start', maxCount = Number.MAX_SAFE_INTEGER, direction = 'forwards' }: ReadOptions) {
    await tick();
    const records = this.log.filter((record) => record.streamId === streamName);
    if (records.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const ordered = direction === 'forwards' ? records : [...records].reverse();
    const from = fromRevision === 'start' ? 0 : fromRevision === 'end' ? ordered.length - 1 : ordered.findIndex((record) => record.revision === fromRevision);
    if (from < 0) return;
    for (const record of ordered.slice(from, from + Number(maxCount))) yield resolved(record);
  }
}

function resolved(record: StoredRecord): AllStreamResolvedEvent {
  return {
    event: { ...record, isJson: true, data: structuredClone(record.data), metadata: structuredClone(record.metadata) },
    commitPosition: record.position.commit,
  } as AllStreamResolvedEvent;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
