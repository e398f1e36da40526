import { Injectable } from '@nestjs/common';
import { ReadModelsBehindError } from './ledger.errors.js';
import { LedgerRuntime } from '@app/runtime';

const MIN_POSITION_WAIT_MS = 5000;

/** `minLogPosition=n` on reads: wait up to 5 s for the projections to reach n, else ReadModelsBehindError. */
@Injectable()
export class ReadConsistency {
  constructor(private readonly runtime: LedgerRuntime) {}

  async atLeast(minLogPosition: number | undefined): Promise<void> {
    if (minLogPosition === undefined || minLogPosition === 0) return;
    const reached = await this.runtime.projections.waitFor(minLogPosition, MIN_POSITION_WAIT_MS);
    if (!reached) throw new ReadModelsBehindError(minLogPosition);
  }
}
