import { Injectable } from '@nestjs/common';
import type { AppendResult, AppendUnit, RecordedEvent } from '@app/event-store';
import { Metrics } from '../observability/metrics.js';
import { LedgerRuntime } from '../runtime/ledger-runtime.js';

/** How long a write waits for the projections before answering anyway (CONTRACT: 5 s). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/**
 * The write side's single door to the log: append a unit, then wait until the projections
 * have applied it so that reads sent after the answer reflect it.
 */
@Injectable()
export class LedgerWriter {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly metrics: Metrics,
  ) {}

  async append(unit: AppendUnit): Promise<AppendResult> {
    const result = await this.runtime.store.append(unit);
    if (result.written) this.metrics.appendEvents.observe(unit.items.reduce((sum, item) => sum + item.events.length, 0));
    await this.runtime.projections.waitFor(result.logPosition, READ_YOUR_WRITES_TIMEOUT_MS);
    return result;
  }

  findIdempotencyRecord(scope: string, key: string) {
    return this.runtime.store.findIdempotencyRecord(scope, key);
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.runtime.store.readStream(streamId);
  }

  async streamExists(streamId: string): Promise<boolean> {
    const last = await this.runtime.store.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last.length > 0;
  }
}
