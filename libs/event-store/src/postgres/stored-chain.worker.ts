import pg from 'pg';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordedEvent } from '../event-store.port.js';
import { verifyChain } from '../hash-chain.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-rows.js';
import { isStatementError } from './pg-errors.js';
import type { StoredChainJob, StoredChainReply } from './stored-chain-verifier.js';

/**
 * The worker thread behind `verifyStoredChain`: for each job its own PostgreSQL connection, the `events`
 * table read in pages up to the head it finds at its start, every link recomputed here —
 * so neither the server's event loop nor its pools carry a verification.
 */
// On Linux a nice value belongs to a thread, and `setPriority(n)` sets the calling one's: on a
// busy machine the verification then takes the CPU that the event loop (writes, reads) and
// PostgreSQL leave over, rather than competing with them. Elsewhere it would lower the whole
// process, so it is left alone.
if (process.platform === 'linux') setPriority((workerData as { niceness: number }).niceness);

async function readPage(client: pg.Client, after: number, upTo: number, limit: number): Promise<RecordedEvent[]> {
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE log_position > $1 AND log_position <= $2 ORDER BY log_position LIMIT $3`,
    [after, upTo, limit],
  );
  return rows.map(toRecordedEvent);
}

/** The log up to `upTo`, the next page already on its way while this one is hashed. */
async function* logUpTo(client: pg.Client, upTo: number, pageSize: number): AsyncGenerator<RecordedEvent> {
  let next = readPage(client, 0, upTo, pageSize);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    const last = page[page.length - 1].logPosition;
    next = last >= upTo ? Promise.resolve([]) : readPage(client, last, upTo, pageSize);
    // A verification that stops early never awaits the prefetched page; its failure is moot.
    next.catch(() => undefined);
    yield* page;
  }
}

async function run(job: StoredChainJob): Promise<StoredChainReply> {
  const client = new pg.Client({
    connectionString: job.url,
    connectionTimeoutMillis: job.connectTimeoutMs,
    application_name: 'stance-ledger-verify',
  });
  client.on('error', () => undefined); // surfaces as the failure of the query in flight
  try {
    await client.connect();
    const { rows } = await client.query<{ log_position: string }>('SELECT log_position FROM events ORDER BY log_position DESC LIMIT 1');
    const upTo = rows[0] ? Number(rows[0].log_position) : 0;
    return { result: await verifyChain(logUpTo(client, upTo, job.pageSize)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: { message, unavailable: !isStatementError(error) } };
  } finally {
    await client.end().catch(() => undefined);
  }
}

// One job a message, answered with its id (the thread is kept for the next verification).
parentPort!.on('message', ({ id, job }: { id: number; job: StoredChainJob }) => {
  void run(job).then((reply) => parentPort!.postMessage({ id, reply }));
});
