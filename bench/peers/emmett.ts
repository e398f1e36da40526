import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';

/** The event the peer appends: ours, as Emmett spells an event (type, data, metadata). */
export interface EmmettEvent {
  type: 'StatementRecorded';
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`) as the append
 * peer: `appendToStream` of one event on a fresh stream with `STREAM_DOES_NOT_EXIST`, as an
 * Emmett command handler records a new aggregate. Its schema (emt_streams, emt_messages and
 * its append function) is created once before any clock starts, so that no round pays for it.
 */
export class EmmettAppender {
  private constructor(private readonly store: PostgresEventStore) {}

  /**
   * As Emmett's documentation sets it up: `getPostgreSQLEventStore(connectionString)`, so
   * its own pool with pg's defaults (10 connections; a pool of 130, as the INSERT baseline
   * may use, was tried and was not faster).
   */
  static async open(url: string): Promise<EmmettAppender> {
    const store = getPostgreSQLEventStore(url);
    await store.schema.migrate();
    return new EmmettAppender(store);
  }

  /**
   * Appends `event` as the first event of `streamName`, as the benchmark asks:
   * `STREAM_DOES_NOT_EXIST`. Note that Emmett 0.42's PostgreSQL store does not enforce that
   * one (it maps it to "no check"); `expectedStreamVersion: 0n` is what it refuses on an
   * existing stream, see `appendFirst`.
   */
  async appendNew(streamName: string, event: EmmettEvent): Promise<bigint> {
    const result = await this.store.appendToStream(streamName, [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    return result.nextExpectedStreamVersion;
  }

  /** Appends `event` expecting version 0 (no events yet): refused with ExpectedVersionConflictError if the stream has any. */
  async appendFirst(streamName: string, event: EmmettEvent): Promise<bigint> {
    const result = await this.store.appendToStream(streamName, [event], { expectedStreamVersion: 0n });
    return result.nextExpectedStreamVersion;
  }

  private closing: Promise<void> | null = null;

  close(): Promise<void> {
    this.closing ??= this.store.close().catch(() => undefined);
    return this.closing;
  }
}
