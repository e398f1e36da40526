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
 * One worker thread, started at the first verification and kept (unref'd: it never holds
 * the process open) for the next ones: a fresh thread per call would load its modules and
 * open its connection each time, which on a busy machine, at a low priority, costs more
 * than hashing a small log. Jobs carry an id; a thread that fails or is ended (a cancelled
 * run) fails what it was doing and is replaced at the next call.
 */
class VerifierThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: StoredChainReply) => void; reject: (error: Error) => void }>();

  run(job: StoredChainJob, signal?: AbortSignal): Promise<StoredChainReply> {
    const worker = this.worker ?? this.start(job.niceness);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cancel = () => {
        this.pending.delete(id);
        reject(new EventStoreUnavailableError('the verification was cancelled'));
        // The thread may be deep in a long log: end it (and with it any other job; each
        // caller sees its run fail as cancelled or unavailable). The next call starts anew.
        this.stop(worker, new EventStoreUnavailableError('the verification was cancelled'));
      };
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      this.pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', cancel);
          resolve(reply);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', cancel);
          reject(error);
        },
      });
      worker.postMessage({ id, job });
    });
  }

  private start(niceness: number): Worker {
    const worker = new Worker(workerFile(), { workerData: { niceness } });
    worker.unref();
    worker.on('message', ({ id, reply }: { id: number; reply: StoredChainReply }) => {
      const waiter = this.pending.get(id);
      this.pending.delete(id);
      waiter?.resolve(reply);
    });
    worker.once('error', (error) => this.stop(worker, error));
    worker.once('exit', (code) => this.stop(worker, new Error(`the chain verifier's worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private stop(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

const thread = new VerifierThread();

/**
 * Verifies the whole chain of the `events` table at `url` (every stored row, from the
 * genesis up to the head at the start) on a worker thread with its own connection, so that
 * hashing a long log neither blocks the event loop nor holds a pooled connection. Both
 * stores keep the chained log in that table (the KurrentDB store's chainer fills it too).
 */
export async function verifyStoredChain(url: string, options: VerifyStoredChainOptions = {}): Promise<ChainVerification> {
  const job: StoredChainJob = {
    url,
    pageSize: options.pageSize ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 2000,
    niceness: options.niceness ?? 10,
  };
  const reply = await thread.run(job, options.signal);
  if ('result' in reply) return reply.result;
  if (reply.error.unavailable) throw new EventStoreUnavailableError(`PostgreSQL is unavailable: ${reply.error.message}`);
  throw new Error(`verifying the chain failed: ${reply.error.message}`);
}
