import type { PostgresEventStore } from '@app/event-store';
import type { LedgerGenerator } from './ledger-generator.js';

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
  const started = performance.now();
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
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        const rate = (head - start) / ((lastLog - started) / 1000);
        options.log(`  loaded ${head}/${target} events (${Math.round(rate)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  head = (await store.head()).logPosition;
  return { events: head - start, seconds: Math.round(seconds * 10) / 10, eventsPerSec: Math.round((head - start) / seconds) };
}
