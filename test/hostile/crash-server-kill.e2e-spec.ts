import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startHostileServer } from './support/hostile-server.js';
import { seededRandom, stormRounds } from './support/write-storm.js';
import { START_HOOK_TIMEOUT_MS } from '../support/start-watch.js';

/**
 * Crash safety (1): the server process is killed with SIGKILL at a random moment of a write
 * storm, round after round, and restarted on the same database. CRASH_ROUNDS and
 * CRASH_SEED change the number of rounds and the moments chosen.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const SEED = Number(process.env.CRASH_SEED ?? 20_261_123);

let db: TestDatabase;
let env: Record<string, string>;
let server: ServerProcess | null = null;

beforeAll(async () => {
  db = await createTestDatabase('crash_kill');
  ({ server, env } = await startHostileServer(db.url, 'crash-kill'));
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

test(
  `SIGKILL of the server under a write storm, ${ROUNDS} rounds: every acknowledged write exactly once, no batch half-written, retries do not duplicate, the chain verifies, the read models equal a rebuild`,
  async () => {
    const random = seededRandom(SEED);
    const totals = await stormRounds(ROUNDS, (round) => ({
      label: `kill ${round}`,
      url: () => server!.url,
      env,
      random,
      disrupt: async (storm) => {
        await server!.kill('SIGKILL');
        await storm.stop();
        const started = Date.now();
        server = await startServerProcess(env);
        return `server SIGKILLed (restarted and ready in ${Date.now() - started} ms)`;
      },
    }));
    console.log(
      `crash safety, server SIGKILL (seed ${SEED}): ${ROUNDS} kills survived, ${totals.writes} writes and ${totals.statements} statements checked\n${totals.lines.join('\n')}`,
    );
  },
  START_HOOK_TIMEOUT_MS,
);
