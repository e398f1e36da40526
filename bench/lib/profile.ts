import { PostgresEventStore, type EventStore } from '@app/event-store';
import { rebuildReadModels } from '@app/stances';
import pg from 'pg';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { AppendBench } from './append.js';
import { httpRun, type HttpRequestSpec } from './http.js';
import { PgTiming, type StageTiming } from './pg-timing.js';
import { DIST, startServerChild } from './processes.js';
import { round } from './stats.js';

/**
 * `--profile`: where the time goes, by stage, with every SQL statement timed (PgTiming).
 * These runs are for attribution, not for the headline figures: timing adds a little
 * overhead, and the in-process server shares this process with the load generator.
 */

export interface RebuildProfile {
  events: number;
  seconds: number;
  eventsPerSec: number;
  stages: StageTiming[];
}

/** The product's `rebuildReadModels` in this process; the rest of the wall time is JavaScript. */
export async function profileRebuild(url: string): Promise<RebuildProfile> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const store = await PostgresEventStore.create({ url });
  const timing = new PgTiming().start();
  try {
    const result = await rebuildReadModels(pool, store as EventStore);
    const { wallSeconds, stages } = timing.stop('JavaScript between queries (evolve, building JSON parameters, GC, …)');
    return { events: result.eventsApplied, seconds: wallSeconds, eventsPerSec: round(result.eventsApplied / wallSeconds, 0), stages };
  } finally {
    timing.stop();
    await store.close();
    await pool.end();
  }
}

export interface AppendProfile {
  concurrency: number;
  appends: number;
  wallSeconds: number;
  /** Writer batches (its first round trip's calls). */
  batches: number;
  stages: StageTiming[];
}

/** Store appends with the writer's two round trips timed; what is left of the writer's time is JavaScript. */
export async function profileAppends(bench: AppendBench, concurrency: number, seconds: number): Promise<AppendProfile> {
  const timing = new PgTiming().start();
  const run = await bench.store1(concurrency, seconds, 0);
  const { wallSeconds, stages } = timing.stop();
  const batches = stages.find((stage) => stage.stage.startsWith('writer: BEGIN'))?.calls ?? 0;
  return { concurrency, appends: run.samples.count, wallSeconds, batches, stages };
}

export interface PostProfile {
  posts: number;
  opsPerSec: number;
  p50: number;
  p99: number;
  wallSeconds: number;
  stages: StageTiming[];
}

/**
 * POST /v1/statements at `connections` against a server child whose queries are timed
 * (pg-timing-preload): the handler's reads, the writer's round trips, and the projector's
 * batch that every request waits for (read-your-writes).
 */
export async function profilePosts(
  env: Record<string, string>,
  timingFile: string,
  spec: HttpRequestSpec,
  connections: number,
  seconds: number,
): Promise<PostProfile> {
  const server = await startServerChild({ ...env, BENCH_PG_TIMING_FILE: timingFile }, `${timingFile}.log`, [
    '--import',
    `${DIST}bench/lib/pg-timing-preload.js`,
  ]);
  try {
    await httpRun(server.url, spec, connections, 1, 0); // warm-up
    const snapshot = async () => {
      rmSync(timingFile, { force: true });
      server.child.kill('SIGUSR2');
      for (let waited = 0; !existsSync(timingFile); waited += 50) {
        if (waited > 10_000) throw new Error('the profiled server wrote no timings');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return JSON.parse(readFileSync(timingFile, 'utf8')) as { wallSeconds: number; stages: StageTiming[] };
    };
    await snapshot();
    const run = await httpRun(server.url, spec, connections, seconds, 0);
    const { wallSeconds, stages } = await snapshot();
    return { posts: run.samples.count, opsPerSec: run.opsPerSec, p50: run.latency.p50, p99: run.latency.p99, wallSeconds, stages };
  } finally {
    await server.stop();
  }
}
