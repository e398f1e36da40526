import type { PostgresEventStore } from '@app/event-store';
import type { LedgerGenerator } from './generator.js';
import { nowMs, round } from './stats.js';

export interface LoadResult {
  events: number;
  seconds: number;
  eventsPerSec: number;
}

/**
 * Appends generated units through the store until the log holds `target` events, with
 * `concurrency` units in flight (the writer groups them into batches). A correction or
 * retraction only picks statements whose unit has committed.
 */
export async function loadLedger(
  store: PostgresEventStore,
  generator: LedgerGenerator,
  target: number,
  options: { unit: number; concurrency: number; log: (message: string) => void },
): Promise<LoadResult> {
  let head = (await store.head()).logPosition;
  const start = head;
  const started = nowMs();
  let reserved = head;
  let lastLog = started;
  const worker = async () => {
    while (reserved < target) {
      const size = Math.min(options.unit, target - reserved);
      const next = generator.nextUnit(size);
      reserved += next.eventCount;
      const result = await store.append(next.unit);
      next.committed();
      head = Math.max(head, result.logPosition);
      if (nowMs() - lastLog > 5000) {
        lastLog = nowMs();
        const rate = (head - start) / ((lastLog - started) / 1000);
        options.log(`  loaded ${head}/${target} events (${Math.round(rate)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (nowMs() - started) / 1000;
  head = (await store.head()).logPosition;
  return { events: head - start, seconds: round(seconds, 1), eventsPerSec: round((head - start) / seconds, 0) };
}
