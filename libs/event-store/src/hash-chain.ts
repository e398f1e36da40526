import { canonicalize } from './canonical-json.js';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, type RecordedEvent } from './event-store.port.js';

/**
 * The log's tamper evidence (CONTRACT.md, "Event"): pure functions that anyone holding
 * `GET /events` can reproduce. The chain covers `dataHash`, not the data, so a quote's text
 * could one day be removed by a legal takedown while the chain still verifies.
 */

/** RFC 8785 canonical JSON; throws on values JSON cannot hold (NaN, Infinity, undefined). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return text;
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the canonical JSON of an event's `data`. */
export function dataHash(data: object): string {
  return sha256Hex(canonicalJson(data));
}

/** The fields of an event the chain covers. */
export interface ChainLink {
  logPosition: number;
  streamId: string;
  revision: number;
  type: string;
  dataHash: string;
  metadata: object;
}

/** SHA-256 of `prevHash` followed by the canonical JSON of the link's covered fields. */
export function eventHash(prevHash: string, link: ChainLink): string {
  // Picked one by one so that a whole event (with data, hash, …) can be passed as the link.
  const { logPosition, streamId, revision, type, dataHash, metadata } = link;
  return sha256Hex(prevHash + canonicalJson({ logPosition, streamId, revision, type, dataHash, metadata }));
}

/** An event as served: the store's RecordedEvent, or its JSON without `eventId`. */
export type ChainedEvent = Omit<RecordedEvent, 'eventId' | 'metadata'> & { metadata: object };

export interface ChainHead {
  logPosition: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Events that verified, in order, before the first invalid one (all of them when ok). */
  eventsChecked: number;
  /** The last event that verified (or the starting point). */
  head: ChainHead;
  /** The first logPosition whose event is missing, out of place or does not verify. */
  firstInvalidLogPosition?: number;
}

export interface VerifyChainOptions {
  /**
   * A trusted point to continue from (e.g. a signed checkpoint): the first event must be at
   * `logPosition + 1` with `prevHash` equal to `hash`. Defaults to the genesis (0, 64 zeros).
   */
  from?: ChainHead;
}

/**
 * Recomputes every `dataHash` and the chain over events given in logPosition order, and
 * stops at the first event that does not fit: changed data or metadata, a missing
 * position, events out of order, or a broken link.
 */
export async function verifyChain(events: Iterable<ChainedEvent> | AsyncIterable<ChainedEvent>, options: VerifyChainOptions = {}): Promise<ChainVerification> {
  let head: ChainHead = options.from ?? { logPosition: 0, hash: GENESIS_HASH };
  let eventsChecked = 0;
  for await (const event of events) {
    const expectedPosition = head.logPosition + 1;
    if (event.logPosition !== expectedPosition || !linkHolds(head.hash, event)) {
      return { ok: false, eventsChecked, head, firstInvalidLogPosition: expectedPosition };
    }
    head = { logPosition: event.logPosition, hash: event.hash };
    eventsChecked += 1;
  }
  return { ok: true, eventsChecked, head };
}

function linkHolds(prevHash: string, event: ChainedEvent): boolean {
  try {
    return event.prevHash === prevHash && event.dataHash === dataHash(event.data) && event.hash === eventHash(prevHash, event);
  } catch {
    // Data or metadata that has no canonical JSON form cannot be what was hashed.
    return false;
  }
}
