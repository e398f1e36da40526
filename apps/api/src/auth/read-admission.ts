/** Why a read was not admitted: this key's slots and its queue are full, or its wait ran out. */
export class ReadRefused extends Error {
  constructor(readonly reason: 'queue-full' | 'waited-too-long') {
    super(reason);
  }
}

interface KeyState {
  active: number;
  queue: { admit: () => void; timer: NodeJS.Timeout }[];
}

/**
 * Per-key fairness for reads: each API key may have at most `perKey` reads in flight
 * (READ_CONCURRENCY_PER_KEY) — its share of the readers' pool (DB_READ_POOL_SIZE) — and at
 * most `queuePerKey` more waiting for one of its slots, each for at most `maxWaitMs`.
 * Beyond that the read is refused at once, so a burst from one key costs the others
 * nothing: their reads find the pool as free as before.
 *
 * Hand-written rather than rate-limiter-flexible (used for RATE_LIMIT_PER_MIN): that
 * library counts requests per time window, and its queue waits for the window to refill;
 * what is bounded here is work in flight, released when each read ends.
 */
export class ReadAdmission {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    readonly perKey: number,
    private readonly queuePerKey: number,
    private readonly maxWaitMs: number,
  ) {}

  get enabled(): boolean {
    return this.perKey > 0;
  }

  /** Resolves with the function that gives the slot back once a slot is this read's; rejects with ReadRefused. */
  async enter(key: string): Promise<() => void> {
    const state = this.keys.get(key) ?? { active: 0, queue: [] };
    this.keys.set(key, state);
    if (state.active < this.perKey) {
      state.active++;
      return this.releaser(key, state);
    }
    if (state.queue.length >= this.queuePerKey) throw new ReadRefused('queue-full');
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        // The slot passes straight from the read that ended to this one: `active` stays.
        admit: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          state.queue.splice(state.queue.indexOf(waiter), 1);
          reject(new ReadRefused('waited-too-long'));
        }, this.maxWaitMs),
      };
      state.queue.push(waiter);
    });
    return this.releaser(key, state);
  }

  private releaser(key: string, state: KeyState): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next) return next.admit();
      state.active--;
      if (state.active === 0) this.keys.delete(key);
    };
  }
}
