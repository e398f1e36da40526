import type { EventMetadata, RecordedEvent } from '../event-store.port.js';
import { dataHash, eventHash } from '../hash-chain.js';
import type { IncomingEvent } from './event-codec.js';

/** The last chained event, as the chainer reads it from PostgreSQL before it goes on. */
export interface ChainTip {
  logPosition: number;
  hash: string;
  /** null before the first event. */
  recordedAt: string | null;
}

export interface ChainedBatch {
  /** The new rows, positions contiguous from tip + 1, chained exactly as hash-chain.ts defines. */
  events: RecordedEvent[];
  /** Events passed by because their id is already chained (KurrentDB does not keep ids unique across streams). */
  skipped: IncomingEvent[];
  tip: ChainTip;
}

/**
 * The chainer's core, pure: given the chain's tip and the next events in `$all` order,
 * assigns each new event the next `logPosition` (no gaps), its `recordedAt`, `dataHash`,
 * `prevHash` and `hash`.
 *
 * `recordedAt` is the time KurrentDB stored the event, never earlier than the tip's, so it
 * never decreases along the log whatever the cluster's clocks do; events of one KurrentDB
 * transaction (one commit position: one append, one unit) share one stamp, as a unit's
 * events do on the PostgreSQL store.
 */
export function chainEvents(tip: ChainTip, incoming: readonly IncomingEvent[], alreadyChained: ReadonlySet<string> = new Set()): ChainedBatch {
  const events: RecordedEvent[] = [];
  const skipped: IncomingEvent[] = [];
  const seen = new Set(alreadyChained);
  let { logPosition, hash: prevHash, recordedAt } = tip;
  let commit: bigint | null = null;
  for (const event of incoming) {
    if (seen.has(event.eventId)) {
      skipped.push(event);
      continue;
    }
    seen.add(event.eventId);
    const sameTransaction = commit !== null && event.position !== null && event.position.commit === commit;
    if (!sameTransaction || recordedAt === null) recordedAt = laterOf(event.created, recordedAt);
    commit = event.position?.commit ?? null;
    logPosition += 1;
    const metadata = { ...event.metadata, recordedAt } as EventMetadata;
    const link = { logPosition, streamId: event.streamId, revision: event.revision, type: event.type, dataHash: dataHash(event.data), metadata };
    const hash = eventHash(prevHash, link);
    events.push({ ...link, eventId: event.eventId, data: event.data, prevHash, hash });
    prevHash = hash;
  }
  return { events, skipped, tip: { logPosition, hash: prevHash, recordedAt } };
}

function laterOf(created: string, previous: string | null): string {
  return previous !== null && Date.parse(previous) > Date.parse(created) ? previous : created;
}
