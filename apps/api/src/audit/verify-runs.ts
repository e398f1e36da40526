import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { verifyStoredChain, type ChainVerification } from '@app/event-store';
import { Problem } from '../http/problem.js';
import { LedgerRuntime } from '@app/runtime';

interface Run {
  result: Promise<ChainVerification>;
  /** The API keys waiting on this run (the one that started it and those that joined). */
  keys: Set<string>;
}

/**
 * `GET /v1/audit/verify` behind a single flight: a call that arrives while a run is going
 * joins it and gets its answer (a run checks the log up to the head it read at its start);
 * otherwise it starts a new run. An API key has at most one call waiting on a run, whether
 * it started the run or joined it: a second call from the same key gets 429. A run is a
 * full check of every stored row on a worker thread (verifyStoredChain), so however many
 * callers there are, the server hashes the log at most once at a time, off its event loop.
 */
@Injectable()
export class VerifyRuns implements OnApplicationShutdown {
  private current: Run | null = null;
  /** How long the last run took: a caller refused with 429 waits about that long. */
  private lastRunMs = 1000;
  private readonly shutdown = new AbortController();

  constructor(private readonly runtime: LedgerRuntime) {}

  verify(key: string): Promise<ChainVerification> {
    const run = this.current ?? this.start();
    if (run.keys.has(key)) {
      throw new Problem('rate-limited', 'this API key already has a chain verification in flight; wait for its answer', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(this.lastRunMs / 1000))) },
      });
    }
    run.keys.add(key);
    return run.result;
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private start(): Run {
    const startedAt = performance.now();
    const run: Run = {
      result: verifyStoredChain(this.runtime.databaseUrl, { signal: this.shutdown.signal }).finally(() => {
        this.lastRunMs = performance.now() - startedAt;
        if (this.current === run) this.current = null;
      }),
      keys: new Set(),
    };
    this.current = run;
    return run;
  }
}
