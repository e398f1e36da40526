import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import type { ChainVerification } from '../hash-chain.js';

/** What the worker is given (structured-cloned). */
export interface StoredChainJob {
  url: string;
  pageSize: number;
  connectTimeoutMs: number;
  /** The worker thread's nice value (Linux). */
  niceness: number;
}

/** What the worker answers. */
export type StoredChainReply = { result: ChainVerification } | { error: { message: string; unavailable: boolean } };

export interface VerifyStoredChainOptions {
  /** Events per query. Default 2000. */
  pageSize?: number;
  /** Timeout of the worker's connection attempt. Default 2000 ms. */
  connectTimeoutMs?: number;
  /**
   * The worker thread's nice value on Linux, 0 (normal) to 19 (only idle CPU). Default 10:
   * the server's event loop and PostgreSQL come first when the CPU is scarce.
   */
  niceness?: number;
  /** Aborting ends the worker and rejects with EventStoreUnavailableError. */
  signal?: AbortSignal;
}

let workerFileUrl: URL | undefined;

/**
 * The worker's script. A worker thread is a fresh Node.js isolate that loads plain
 * JavaScript: it gets neither the TypeScript transform Jest runs these sources through
 * (@swc/jest) nor the `@app/*` aliases. So the worker is always the compiled
 * `stored-chain.worker.js` from the build (tsc, `npm run build`; it imports only relative
 * modules of this library): next to this module when running from `dist/`, and the same
 * file under `dist/` when this module is the `.ts` source under Jest (`npm test` builds
 * first, as the e2e tests that start `dist/…/main.js` already need).
 */
function workerFile(): URL {
  if (workerFileUrl) return workerFileUrl;
  const sibling = new URL('./stored-chain.worker.js', import.meta.url);
  const built = new URL('../../../../dist/libs/event-store/src/postgres/stored-chain.worker.js', import.meta.url);
  if (existsSync(sibling)) workerFileUrl = sibling;
  else if (import.meta.url.endsWith('.ts') && existsSync(built)) workerFileUrl = built;
  else throw new Error(`the chain verifier's worker is not built (${fileURLToPath(built)}): run npm run build`);
  return workerFileUrl;
}

/**
 * Verifies the whole chain of the `events` table at `url` (every stored row, from the
 * genesis up to the head at the start) on a worker thread with its own connection, so that
 * hashing a long log neither blocks the event loop nor holds a pooled connection. Both
 * stores keep the chained log in that table (the KurrentDB store's chainer fills it too).
 */
export function verifyStoredChain(url: string, options: VerifyStoredChainOptions = {}): Promise<ChainVerification> {
  const job: StoredChainJob = {
    url,
    pageSize: options.pageSize ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 2000,
    niceness: options.niceness ?? 10,
  };
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new EventStoreUnavailableError('the verification was cancelled'));
    const worker = new Worker(workerFile(), { workerData: job });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', cancel);
      outcome();
    };
    const cancel = () => {
      void worker.terminate();
      settle(() => reject(new EventStoreUnavailableError('the verification was cancelled')));
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    worker.once('message', (reply: StoredChainReply) =>
      settle(() => {
        if ('result' in reply) resolve(reply.result);
        else if (reply.error.unavailable) reject(new EventStoreUnavailableError(`PostgreSQL is unavailable: ${reply.error.message}`));
        else reject(new Error(`verifying the chain failed: ${reply.error.message}`));
      }),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the chain verifier's worker exited with code ${code}`))));
  });
}
