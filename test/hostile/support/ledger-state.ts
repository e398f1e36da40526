import { withClient } from '@app/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The read models, each table as one JSON text in a fixed order. */
const READ_MODELS: Record<string, string> = {
  topics: 'slug',
  statements: 'statement_id',
  statement_versions: 'statement_id, revision',
  current_stances: 'holder, topic, target NULLS FIRST',
  actors: 'slug',
  statement_publishers: 'statement_id, source',
};

export async function logHead(databaseUrl: string): Promise<{ logPosition: number; projected: number }> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ head: string | null; projected: string }>(
      `SELECT (SELECT max(log_position) FROM events) AS head, (SELECT log_position FROM projection_checkpoints WHERE name = 'ledger') AS projected`,
    );
    return { logPosition: Number(rows[0].head ?? 0), projected: Number(rows[0].projected) };
  });
}

/** Waits until the projections have applied the whole log. */
export async function projectionsCaughtUp(databaseUrl: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await logHead(databaseUrl);
    if (head.projected === head.logPosition) return head.logPosition;
    if (Date.now() > deadline) throw new Error(`projections at ${head.projected}, log head ${head.logPosition}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function readModelSnapshot(databaseUrl: string): Promise<Record<string, string>> {
  return withClient(databaseUrl, async (client) => {
    const snapshot: Record<string, string> = {};
    for (const [table, order] of Object.entries(READ_MODELS)) {
      const { rows } = await client.query<{ rows: string }>(`SELECT coalesce(json_agg(t ORDER BY ${order}), '[]')::text AS rows FROM ${table} t`);
      snapshot[table] = rows[0].rows;
    }
    return snapshot;
  });
}

/**
 * The projections equal a full rebuild: the read models as the live projector left them
 * are compared with what `node dist/apps/cli/src/main.js rebuild` (the CLI, run with the
 * server's configuration) replays from the log into fresh tables and swaps in.
 */
export async function expectReadModelsEqualRebuild(env: Record<string, string>): Promise<{ events: number; ms: number }> {
  const databaseUrl = env.DATABASE_URL;
  const head = await projectionsCaughtUp(databaseUrl);
  const live = await readModelSnapshot(databaseUrl);
  const started = Date.now();
  const { stdout } = await run(process.execPath, [join(process.cwd(), 'dist', 'apps', 'cli', 'src', 'main.js'), 'rebuild'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    timeout: 60_000,
  });
  const ms = Date.now() - started;
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
  if (!result.rebuilt || result.logPosition !== head) throw new Error(`rebuild answered ${stdout} with the log head at ${head}`);
  const rebuilt = await readModelSnapshot(databaseUrl);
  for (const table of Object.keys(READ_MODELS)) {
    if (rebuilt[table] !== live[table]) {
      const firstDiff = [...live[table]].findIndex((char, i) => rebuilt[table][i] !== char);
      throw new Error(
        `${table} differs from its rebuild at character ${firstDiff}:\n live: …${live[table].slice(Math.max(0, firstDiff - 200), firstDiff + 200)}\n rebuilt: …${rebuilt[table].slice(Math.max(0, firstDiff - 200), firstDiff + 200)}`,
      );
    }
  }
  return { events: head, ms };
}

/** GET /v1/audit/verify: the whole chain recomputes, up to the head. */
export async function expectChainVerifies(url: string, token: string, databaseUrl: string): Promise<number> {
  const response = await fetch(`${url}/v1/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { ok?: boolean; eventsChecked?: number };
  const head = (await logHead(databaseUrl)).logPosition;
  if (response.status !== 200 || body.ok !== true || body.eventsChecked !== head) {
    throw new Error(`verify answered ${response.status} ${JSON.stringify(body)} with the log head at ${head}`);
  }
  return head;
}
