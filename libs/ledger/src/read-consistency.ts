import { Injectable } from '@nestjs/common';
import { Problem } from '../../../apps/api/src/http/problem.js';
import { LedgerRuntime } from './ledger-runtime.js';

const MIN_POSITION_WAIT_MS = 5000;

/** `minLogPosition=n` on reads: wait up to 5 s for the projections to reach n, else 503. */
@Injectable()
export class ReadConsistency {
  constructor(private readonly runtime: LedgerRuntime) {}

  async atLeast(minLogPosition: number | undefined): Promise<void> {
    if (minLogPosition === undefined || minLogPosition === 0) return;
    const reached = await this.runtime.projections.waitFor(minLogPosition, MIN_POSITION_WAIT_MS);
    if (!reached) {
      throw new Problem('unavailable', `the read models have not reached logPosition ${minLogPosition} yet`, {
        headers: { 'Retry-After': '1' },
      });
    }
  }
}
