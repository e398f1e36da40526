import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@app/event-store';
import { LedgerGenerator, loadLedger } from '@app/testing';
import { readCsv } from '../support/csv-reader.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database.js';
import { START_HOOK_TIMEOUT_MS, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * An export of 200,000 statements streams with flat memory (issue 15, point 4): the server
 * runs as its own process, so its resident memory (VmRSS) is its own, sampled every 50 ms
 * from before the request to the end of the download — including while the client stops
 * reading for a few seconds, when a server that ignored backpressure would queue the rest
 * of the file in memory. The CSV is ~140 MB of text, so a buffered export (or one that
 * wrote without waiting for `drain`) would grow by far more than the bound. A statement
 * recorded while the download is paused is not in it: the export reads one snapshot.
 */
const STATEMENTS = Number(process.env.EXPORT_STATEMENTS ?? 200_000);
const MAX_GROWTH_MB = 100;
const PAUSE_MS = 3000;
const EDITOR = 'export-memory-editor-0123456789';
const READER = 'export-memory-reader-0123456789';

let db: TestDatabase;
let server: ServerProcess;
let generator: LedgerGenerator;

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

const count = async (sql: string): Promise<number> => Number((await queryRows<{ n: string }>(db.url, sql))[0].n);

beforeAll(async () => {
  db = await createTestDatabase('export_memory');
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-export-memory-')),
    API_KEYS: `alice:editor:${EDITOR},rita:reader:${READER}`,
    RATE_LIMIT_PER_MIN: '0',
  });
  // Written through the store with the benchmark's generator (recordings, joint utterances,
  // corrections, retractions); the server's projector follows it.
  const store = await PostgresEventStore.create({ url: db.url });
  generator = new LedgerGenerator(15, STATEMENTS, 'export-memory');
  await store.append(generator.topicUnit());
  let target = Math.ceil(STATEMENTS * 1.15);
  for (;;) {
    await loadLedger(store, generator, target, { unit: 1000, concurrency: 2, log: () => undefined });
    if (generator.counts.recorded >= STATEMENTS) break;
    target += Math.ceil((STATEMENTS - generator.counts.recorded) * 1.2);
  }
  const head = (await store.head()).logPosition;
  await store.close();
  // Waited for while it makes progress, as server starts are: never a fixed deadline.
  for (let last = -1; ;) {
    const applied = await count('SELECT log_position AS n FROM projection_checkpoints');
    if (applied >= head) break;
    if (applied === last) await new Promise((resolve) => setTimeout(resolve, 2000));
    last = applied;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, START_HOOK_TIMEOUT_MS * 4);

afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

test(
  'a CSV export of 200,000 statements keeps the server within 100 MB of its resting memory, paused client included, and is one snapshot',
  async () => {
    const pid = server.child.pid!;
    const statements = await count('SELECT count(*) AS n FROM statements');
    expect(statements).toBeGreaterThanOrEqual(STATEMENTS);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    // Load the export's code paths once on a filtered export, then measure at rest.
    expect((await fetch(`${server.url}/v1/export/statements?topic=nothing-here`, { headers: auth(READER) })).status).toBe(200);
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const started = performance.now();
    try {
      const response = await fetch(`${server.url}/v1/export/statements`, { headers: auth(READER) });
      expect(response.status).toBe(200);
      const position = Number(response.headers.get('ledger-position'));
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let bytes = 0;
      let lines = 0;
      let header = '';
      let tail = '';
      const take = (chunk: Uint8Array) => {
        bytes += chunk.byteLength;
        const text = tail + decoder.decode(chunk, { stream: true });
        const parts = text.split('\r\n');
        tail = parts.pop()!;
        if (!header) header = parts[0];
        lines += parts.length;
        if (parts.length > 0) lastLine = parts[parts.length - 1];
      };
      let lastLine = '';
      while (bytes < 1024 * 1024) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the export ended within its first MB');
        take(value);
      }
      // The client stops reading; meanwhile a statement said earlier than any other is recorded.
      const restingWhilePaused = rssMb(pid);
      const recorded = await fetch(`${server.url}/v1/statements`, {
        method: 'POST',
        headers: { ...auth(EDITOR), 'content-type': 'application/json' },
        body: JSON.stringify({ ...generator.statementBody({ statedAt: '1900' }), summary: 'recorded during the export' }),
      });
      expect(recorded.status).toBe(201);
      expect(Number(recorded.headers.get('ledger-position'))).toBeGreaterThan(position);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      const afterPause = rssMb(pid);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        take(value);
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const after = rssMb(pid);
      console.log(
        `export of ${statements} statements: ${(bytes / 1024 / 1024).toFixed(1)} MB of CSV in ${seconds.toFixed(1)} s ` +
          `(${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s, including a ${PAUSE_MS} ms pause); server RSS ${before.toFixed(0)} MB before, ` +
          `${restingWhilePaused.toFixed(0)} MB at the pause, ${afterPause.toFixed(0)} MB after ${PAUSE_MS} ms paused, peak ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB after ` +
          `(growth ${(peak - before).toFixed(0)} MB; bound ${MAX_GROWTH_MB} MB)`,
      );
      // Every statement of the snapshot, one record each (the generator's texts hold no line break), and nothing more.
      expect(tail).toBe('');
      expect(lines).toBe(statements + 1);
      const [columns, last] = readCsv(`${header}\r\n${lastLine}\r\n`);
      expect(last[columns.indexOf('statedAt')]).not.toBe('1900');
      expect(peak - before).toBeLessThan(MAX_GROWTH_MB);
    } finally {
      clearInterval(sampler);
    }
  },
  30 * 60_000,
);
