import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerProcess } from '../support/server-process.js';
import { startHostileServer } from './support/hostile-server.js';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';
import { seededRandom, stormRounds } from './support/write-storm.js';
import { START_HOOK_TIMEOUT_MS } from '../support/start-watch.js';

/**
 * Crash safety (2): PostgreSQL itself crashes (`pg_ctl stop -m immediate`: no shutdown
 * checkpoint, WAL recovery at the next start) at a random moment of a write storm and is
 * started again, round after round; the server process stays up throughout and must
 * recover by itself. Runs on a PostgreSQL of its own, never the shared test server.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? 20_261_123) + 1;

let postgres: OwnPostgres;
let env: Record<string, string>;
let server: ServerProcess | null = null;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  ({ server, env } = await startHostileServer(postgres.url, 'crash-pg'));
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.kill();
  await postgres?.destroy();
});

/** When /health first answers 200 (polled every 50 ms). */
async function readyAt(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now();
    if (Date.now() > deadline) throw new Error(`/health not 200 within ${timeoutMs} ms (last ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test(
  `PostgreSQL crashed (pg_ctl stop -m immediate) under a write storm, ${ROUNDS} rounds: the server recovers by itself; every acknowledged write exactly once, refusals only 503 and none stored, none half-written, retries do not duplicate, the chain verifies, the read models equal a rebuild`,
  async () => {
    const random = seededRandom(SEED);
    const totals = await stormRounds(ROUNDS, (round) => ({
      label: `postgres crash ${round}`,
      url: () => server!.url,
      env,
      random,
      disrupt: async (storm) => {
        const crashed = Date.now();
        await postgres.stop('immediate');
        const outageMs = 1000 + Math.floor(random() * 2000);
        await new Promise((resolve) => setTimeout(resolve, outageMs));
        const restarting = Date.now();
        await postgres.start();
        const back = Date.now();
        const [acknowledged, healthy] = await Promise.all([
          storm.acknowledgedSince(back, 60_000).catch((error) => {
            const log = join(env.DATA_DIR, 'server-output.log');
            writeFileSync(log, server!.output());
            throw new Error(`${error.message} (exit code ${server!.child.exitCode}; server output in ${log})`);
          }),
          readyAt(server!.url, 60_000),
        ]);
        await storm.stop();
        expect(server!.child.exitCode).toBeNull();
        // What the API refused while PostgreSQL was away, it refused as unavailable (and stored nothing: see the round's checks).
        for (const write of storm.writes) {
          if (write.outcome?.kind === 'refused')
            expect([write.outcome.status, write.outcome.json?.type, Number(write.outcome.retryAfter) > 0]).toEqual([
              503,
              'urn:stance-ledger:unavailable',
              true,
            ]);
        }
        return (
          `PostgreSQL crashed for ${outageMs} ms (+ ${back - restarting} ms to start again, WAL recovery included), the slowest answer to a write in flight ` +
          `meanwhile took ${storm.slowestAnswer(crashed, back)} ms; once it was back, the first new write was acknowledged after ${acknowledged - back} ms ` +
          `and /health answered 200 after ${healthy - back} ms, the server never restarted`
        );
      },
    }));
    console.log(
      `crash safety, PostgreSQL crash (seed ${SEED}): ${ROUNDS} crashes survived, ${totals.writes} writes and ${totals.statements} statements checked\n${totals.lines.join('\n')}`,
    );
  },
  START_HOOK_TIMEOUT_MS,
);
