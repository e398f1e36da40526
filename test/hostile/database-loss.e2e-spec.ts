import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerProcess } from '../support/server-process.js';
import { startHostileServer, TOKEN } from './support/hostile-server.js';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';
import { RawClient } from './support/raw-http.js';
import { checkStormAfterCrash, describeReport, seededRandom, WriteStorm } from './support/write-storm.js';
import { START_HOOK_TIMEOUT_MS } from '../support/start-watch.js';

/**
 * Database loss without a crash: PostgreSQL (this file's own) is stopped cleanly under a
 * load of reads and writes while the API keeps running, then started again. While it is
 * away every answer must come back promptly as a 503 problem+json with Retry-After (the
 * process alive, /health 503, /health/live 200); once it is back the API must take writes
 * and serve reads again by itself, without a restart.
 */
const OUTAGE_MS = 6000;
/** "Promptly": no answer, during the outage, may take longer than this. */
const PROMPT_MS = 8000;

let postgres: OwnPostgres;
let server: ServerProcess;
let env: Record<string, string>;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  ({ server, env } = await startHostileServer(postgres.url, 'db-loss'));
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.kill();
  await postgres?.destroy();
});

interface Answer {
  path: string;
  sentAt: number;
  answeredAt: number;
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  problemType: string | undefined;
  detail: string | undefined;
}

/** Clients that keep reading (every read endpoint in turn, and the two health checks) and keep every answer. */
class Readers {
  readonly answers: Answer[] = [];
  private stopped = false;
  private readonly running: Promise<void>[] = [];
  private readonly client: RawClient;

  constructor(url: string, paths: string[], clients: number) {
    this.client = new RawClient(url);
    for (let c = 0; c < clients; c++) this.running.push(this.loop(paths, c));
  }

  private async loop(paths: string[], offset: number): Promise<void> {
    for (let n = offset; !this.stopped; n++) {
      const path = paths[n % paths.length];
      const sentAt = Date.now();
      try {
        const response = await this.client.send({ method: 'GET', path, headers: { authorization: `Bearer ${TOKEN}` }, timeoutMs: 60_000 });
        this.answers.push({
          path,
          sentAt,
          answeredAt: Date.now(),
          status: response.status,
          contentType: String(response.headers['content-type']),
          retryAfter: response.headers['retry-after'] as string | undefined,
          problemType: response.json?.type,
          detail: response.json?.projection?.failed ? `${response.json.detail}: ${JSON.stringify(response.json.projection.failed)}` : response.json?.detail,
        });
      } catch (error) {
        this.answers.push({
          path,
          sentAt,
          answeredAt: Date.now(),
          status: 0,
          contentType: String(error),
          retryAfter: undefined,
          problemType: undefined,
          detail: undefined,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
    this.client.close();
  }

  firstOk(path: string | null, since: number): number | null {
    const found = this.answers.find((a) => a.sentAt >= since && a.status === 200 && (path === null ? !a.path.startsWith('/health') : a.path === path));
    return found ? found.answeredAt : null;
  }
}

async function until<T>(probe: () => T | null, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test(
  'PostgreSQL stopped under load: every answer a prompt 503 problem+json with Retry-After, /health 503, /health/live 200, the process alive; restarted: writes and reads 2xx and /health 200 again without restarting the API',
  async () => {
    const reads = [
      '/v1/stances',
      '/v1/statements?limit=20',
      '/v1/events?limit=10',
      '/v1/topics',
      '/v1/audit/checkpoint',
      '/v1/stances/history?country=CHN&topic=aukus-pillar-ii&target=JPN',
    ];
    const storm = new WriteStorm(server.url, TOKEN, 'db-loss', seededRandom(20_261_123));
    storm.start(4);
    const readers = new Readers(server.url, reads, 3);
    const health = new Readers(server.url, ['/health', '/health/live'], 1);
    try {
      await until(() => (storm.acknowledged >= 5 ? true : null), 30_000, 'five acknowledged writes');

      await postgres.stop('fast');
      const down = Date.now();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      const restarting = Date.now();
      await postgres.start();
      const back = Date.now();

      const writeOk = await storm.acknowledgedSince(back, 60_000);
      const readOk = await until(() => readers.firstOk(null, back), 60_000, 'a 200 read after the restart');
      const healthOk = await until(() => health.firstOk('/health', back), 60_000, '/health 200 after the restart').catch((error) => {
        const last = health.answers.filter((a) => a.path === '/health').at(-1);
        const log = join(env.DATA_DIR, 'server-output.log');
        writeFileSync(log, server.output());
        throw new Error(`${error.message}; it last answered ${last?.status} ${last?.detail} (server output in ${log})`);
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await storm.stop();
      await readers.stop();
      await health.stop();

      // While PostgreSQL was away: requests sent after it stopped and answered before it was started again.
      const during = (sentAt: number, answeredAt: number) => sentAt >= down && answeredAt < restarting;
      const outageAnswers = [...readers.answers, ...health.answers].filter((a) => during(a.sentAt, a.answeredAt));
      const outageWrites = storm.writes.filter((w) => during(w.sentAt, w.answeredAt));
      expect(outageAnswers.length).toBeGreaterThan(20);
      expect(outageWrites.length).toBeGreaterThan(10);
      for (const answer of outageAnswers) {
        if (answer.path === '/health/live') {
          expect([answer.path, answer.status]).toEqual(['/health/live', 200]);
          continue;
        }
        expect([answer.path, answer.status, answer.problemType]).toEqual([answer.path, 503, 'urn:stance-ledger:unavailable']);
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }
      for (const write of outageWrites) {
        const outcome = write.outcome!;
        expect(outcome.kind).toBe('refused');
        if (outcome.kind !== 'refused') continue;
        expect([outcome.status, outcome.json?.type]).toEqual([503, 'urn:stance-ledger:unavailable']);
        expect(outcome.contentType).toMatch(/^application\/problem\+json/);
        expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      }
      // Promptly, and never a hang: every request sent while it was away was answered, in time.
      const sentDuring = [
        ...[...readers.answers, ...health.answers].map((a) => ({ what: a.path, sentAt: a.sentAt, ms: a.answeredAt - a.sentAt, answered: a.status !== 0 })),
        ...storm.writes.map((w) => ({ what: w.route, sentAt: w.sentAt, ms: w.answeredAt - w.sentAt, answered: w.outcome?.kind !== 'unanswered' })),
      ].filter((r) => r.sentAt >= down && r.sentAt < restarting);
      const slowest = Math.max(...sentDuring.map((r) => r.ms));
      expect(sentDuring.filter((r) => !r.answered)).toEqual([]);
      expect(sentDuring.filter((r) => r.ms > PROMPT_MS)).toEqual([]);
      expect(server.child.exitCode).toBeNull();

      // Nothing a 503 answered was written; every write lands exactly once when retried.
      const report = await checkStormAfterCrash(storm, server.url, env.DATABASE_URL);
      const verify = (await fetch(`${server.url}/v1/audit/verify`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json())) as {
        ok: boolean;
        eventsChecked: number;
      };
      expect(verify.ok).toBe(true);

      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
      console.log(
        `database loss: PostgreSQL stopped (-m fast) for ${OUTAGE_MS} ms under load (+ ${back - restarting} ms to start again). ` +
          `While it was away: ${sentDuring.length} requests sent, answered in ${median(sentDuring.map((r) => r.ms))} ms (median), ${slowest} ms at the slowest: ` +
          `${outageAnswers.filter((a) => a.status === 503).length + outageWrites.length} reads, writes and /health checks a 503 problem+json with Retry-After, ` +
          `${outageAnswers.filter((a) => a.path === '/health/live').length} /health/live checks 200. ` +
          `Once it was back, without restarting the API: first write 2xx after ${writeOk - back} ms, first read 200 after ${readOk - back} ms, ` +
          `/health 200 after ${healthOk - back} ms. Writes: ${describeReport(report)}; chain of ${verify.eventsChecked} events verified.`,
      );
    } finally {
      await Promise.all([storm.stop(), readers.stop(), health.stop()]).catch(() => undefined);
    }
  },
  START_HOOK_TIMEOUT_MS,
);
