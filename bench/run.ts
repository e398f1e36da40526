/**
 * `npm run bench [-- --events N --quick …]`: the Stance Ledger benchmark (issue 6).
 * Everything is measured side by side in one run against plain PostgreSQL baselines on
 * the same server; see BENCHMARKS.md for what each figure means and the latest results.
 */
import 'reflect-metadata';
import { eventStoreMigrations, PostgresEventStore } from '@app/event-store';
import { loadCameoCodebook, runMigrations } from '@app/platform';
import { readModelMigrations } from '@app/stances';
import { startTypicalNestPeer } from './peers/typical-nest-server.js';
import { peerLines, versusPeer } from './peers/versus-peer.js';
import { stripSamples } from './lib/http-rounds.js';
import { measureStanceMap } from './lib/browser-map.js';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { alignmentReads } from './lib/alignment-reads.js';
import { AppendBench, type AppendComparison } from './lib/append.js';
import { parseOptions, type BenchOptions } from './lib/args.js';
import { formatProfile, summarizeCpuProfile, type ProfileSummary } from './lib/cpuprofile.js';
import { durabilitySettings, openDatabases, tableSizes, withClient, type BenchDatabases } from './lib/database.js';
import { LedgerGenerator, loadLedger, type LoadResult } from '@app/testing';
import { httpRun, oneConnectionGets, readLine, type HttpRunResult } from './lib/http.js';
import { benchFlips } from './lib/flips.js';
import { memoryOf, postgresCpuSeconds, postmasterPid, runNodeScript, startServerChild, type ServerChild } from './lib/processes.js';
import { formatStages } from './lib/pg-timing.js';
import { profileAppends, profilePosts, profileRebuild, type AppendProfile, type PostProfile, type RebuildProfile } from './lib/profile.js';
import { rawScan, readAllScan, type ScanResult } from './lib/scan.js';
import { measureSearchReads } from './lib/search-reads.js';
import { combine, round, type MeasuredRun } from './lib/stats.js';
import { renderTable, targetsOf, type BenchResults, type RebuildRun } from './lib/report.js';

const log = (message: string) => process.stderr.write(message + '\n');
const APPENDERS = [1, 8, 32, 128];
const HTTP_CLIENTS = 32;
/** The bulk HTTP run: full batches (the endpoint's maximum) from a few clients. */
const BULK_ITEMS = 100;
const BULK_CLIENTS = 4;

async function main(): Promise<number> {
  // The generator validates the statements it makes, against the shipped codebook among others.
  loadCameoCodebook();
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n(npm run bench -- --help lists the options)`);
    return 2;
  }
  const started = Date.now();
  const loadAtStart = loadavg().map((value) => round(value, 2));
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-bench-'));
  chmodSync(dataDir, 0o711); // PostgreSQL runs as `postgres` when we are root: it must traverse this
  const profileDir = resolve('bench/profiles');
  if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
  let databases: BenchDatabases | null = null;
  let server: ServerChild | null = null;
  const closers: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    server = null;
    if (!options.keep) await databases?.close().catch(() => undefined);
    databases = null;
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  };
  // On Ctrl-C the embedded PostgreSQL stops too (its own exit hook): connections then fail
  // by design, and whatever happens the temporary directory goes.
  let interrupting = false;
  const interrupted = () => {
    interrupting = true;
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  process.on('uncaughtException', (error) => {
    if (interrupting) return;
    log(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
  process.once('exit', () => {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  });

  try {
    log(`stance-ledger bench: ${options.events} events${options.quick ? ' (--quick)' : ''}; DATA_DIR ${dataDir}`);
    databases = await openDatabases(join(dataDir, 'db'), log);
    const settings = await durabilitySettings(databases.adminUrl);
    log(
      `PostgreSQL ${settings.server_version}: fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit} full_page_writes=${settings.full_page_writes} wal_sync_method=${settings.wal_sync_method} shared_buffers=${settings.shared_buffers} max_wal_size=${settings.max_wal_size}`,
    );
    if (settings.fsync !== 'on' || settings.synchronous_commit !== 'on') {
      log('refusing to report: fsync and synchronous_commit must both be on (a faster number with either off does not count)');
      return 1;
    }
    const pgPid = databases.embedded ? postmasterPid(join(dataDir, 'db', 'pg')) : null;

    // 1. Store appends against one plain INSERT per append, on the same server.
    log("\n[1/6] store appends vs one plain INSERT per append vs Emmett's PostgreSQL event store (interleaved rounds)");
    const appendBench = await AppendBench.open(databases.appendUrl, databases.emmettUrl);
    closers.push(() => appendBench.close());
    const appends: AppendComparison[] = [];
    for (const concurrency of APPENDERS) appends.push(await appendBench.compare(concurrency, options.appendSeconds, log));
    const appendProfiles: AppendProfile[] = [];
    if (options.profile) {
      for (const concurrency of [1, 32]) {
        const profile = await profileAppends(appendBench, concurrency, options.appendSeconds);
        appendProfiles.push(profile);
        log(
          `  profile, ${concurrency} appender(s): ${profile.appends} appends in ${profile.batches} writer batches (${round(profile.appends / Math.max(1, profile.batches), 1)} per batch) over ${profile.wallSeconds} s`,
        );
        log(formatStages(profile.stages, { count: profile.batches, name: 'batch' }));
      }
    }

    // 2. The ledger: topics, then statements with corrections and retractions, through the store.
    log(`\n[2/6] loading ${options.smallEvents} events, rebuild (child process) with peak RSS`);
    await runMigrations(databases.ledgerUrl, [...eventStoreMigrations, ...readModelMigrations]);
    const generator = new LedgerGenerator(42, Math.round(options.events * 0.88));
    const store = await PostgresEventStore.create({ url: databases.ledgerUrl });
    closers.push(() => store.close());
    await store.append(generator.topicUnit());
    const loads: LoadResult[] = [];
    loads.push(await loadLedger(store, generator, options.smallEvents, { unit: options.loadUnit, concurrency: options.loadConcurrency, log }));
    log(`  loaded ${loads[0].events} events in ${loads[0].seconds} s (${loads[0].eventsPerSec}/s)`);
    const cliEnv = { DATABASE_URL: databases.ledgerUrl, DATA_DIR: join(dataDir, 'cli'), LOG_LEVEL: 'warn' };
    const rebuildSmall = await rebuildChild(cliEnv, options, profileDir, 'small', pgPid);

    log(`\n[3/6] loading up to ${options.events} events`);
    loads.push(await loadLedger(store, generator, options.events, { unit: options.loadUnit, concurrency: options.loadConcurrency, log }));
    log(`  loaded ${loads[1].events} more events in ${loads[1].seconds} s (${loads[1].eventsPerSec}/s)`);
    await store.close();
    const head = await withClient(databases.ledgerUrl, async (client) =>
      Number((await client.query('SELECT max(log_position) AS head FROM events')).rows[0].head),
    );

    log(`\n[4/6] raw scan vs rebuild over ${head} events`);
    // Twice, keeping the faster: the rebuild that follows reads a table the scan has warmed.
    const scans = [await rawScan(databases.ledgerUrl), await rawScan(databases.ledgerUrl)];
    const scan = scans[0].rowsPerSec >= scans[1].rowsPerSec ? scans[0] : scans[1];
    log(
      `  raw scan (SELECT * … ORDER BY log_position, cursor), twice: ${scans.map((s) => `${s.seconds} s = ${s.rowsPerSec} rows/s`).join('; ')} over ${scan.rows} rows`,
    );
    let readAll: ScanResult | null = null;
    if (options.profile) {
      readAll = await readAllScan(databases.ledgerUrl);
      log(`  store.readAll pages of 2000: ${readAll.rows} events in ${readAll.seconds} s = ${readAll.rowsPerSec} events/s`);
    }
    const rebuildLarge = await rebuildChild(cliEnv, options, profileDir, 'large', pgPid);
    let rebuildProfile: RebuildProfile | null = null;
    if (options.profile) {
      log('  profiling: rebuildReadModels in process, every SQL statement timed');
      rebuildProfile = await profileRebuild(databases.ledgerUrl);
      log(`  in-process rebuild: ${rebuildProfile.events} events in ${rebuildProfile.seconds} s (${rebuildProfile.eventsPerSec}/s)`);
      log(formatStages(rebuildProfile.stages, { count: rebuildProfile.events / 1000, name: '1000 events' }));
    }
    const sizes = await tableSizes(databases.ledgerUrl);

    // 3. The HTTP server as its own process, on the loaded ledger.
    log('\n[5/6] GET /v1/stances and /v1/stances/history (server child process, 1 connection)');
    const readerToken = randomBytes(18).toString('base64url');
    const editorToken = randomBytes(18).toString('base64url');
    const serverEnv = {
      DATABASE_URL: databases.ledgerUrl,
      DATA_DIR: join(dataDir, 'server'),
      API_KEYS: `bench-reader:reader:${readerToken},bench-editor:editor:${editorToken}`,
      RATE_LIMIT_PER_MIN: '0',
      LOG_LEVEL: options.logLevel,
      PROJECTOR: 'embedded',
    };
    server = await startServerChild(
      serverEnv,
      join(dataDir, 'server.log'),
      options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=server.cpuprofile'] : [],
    );
    const keys = await withClient(databases.ledgerUrl, async (client) => {
      const { rows } = await client.query<{ holder: string; topic: string; target: string | null; statement_count: number }>(
        "SELECT holder, topic, target, statement_count FROM current_stances ORDER BY md5(holder || topic || coalesce(target, '')) LIMIT 500",
      );
      return rows;
    });
    const shape = await withClient(databases.ledgerUrl, async (client) => {
      const { rows } = await client.query<{ keys: string; avg_statements: string; per_topic: string }>(
        `SELECT count(*) AS keys, avg(statement_count) AS avg_statements, count(*) / count(DISTINCT topic) AS per_topic FROM current_stances`,
      );
      return {
        stanceKeys: Number(rows[0].keys),
        meanActiveStatementsPerKey: round(Number(rows[0].avg_statements), 1),
        stancesPerTopic: Number(rows[0].per_topic),
      };
    });
    log(`  ${shape.stanceKeys} stance keys, ${shape.stancesPerTopic} stances per topic, ${shape.meanActiveStatementsPerKey} active statements per key`);
    let topicIndex = 0;
    const stancesByTopic = await oneConnectionGets(
      server.url,
      readerToken,
      () => `/v1/stances?topic=${generator.topics[topicIndex++ % generator.topics.length].slug}`,
      options.querySeconds,
    );
    log(readLine('GET /v1/stances?topic=', stancesByTopic));
    let keyIndex = 0;
    const history = await oneConnectionGets(
      server.url,
      readerToken,
      () => {
        const key = keys[keyIndex++ % keys.length];
        return `/v1/stances/history?holder=${key.holder}&topic=${key.topic}&target=${key.target ?? 'none'}`;
      },
      options.querySeconds,
    );
    log(readLine('GET /v1/stances/history', history));
    // The same server's floor: a route that touches no database and serialises 15 bytes.
    const floor = await oneConnectionGets(server.url, readerToken, () => '/health/live', options.querySeconds);
    log(`  GET /health/live (no database, the HTTP stack alone): p50 ${floor.latency.p50} ms p99 ${floor.latency.p99} ms (${floor.opsPerSec}/s)`);
    const alignment = await alignmentReads(server.url, readerToken, generator.topics, options.querySeconds, log);
    await benchFlips(server.url, readerToken, generator.topics, options.querySeconds, log);
    await measureSearchReads(server.url, readerToken, databases.ledgerUrl, options.querySeconds, log);
    const stanceMap = await measureStanceMap(server.url, readerToken, log);

    log(
      `\n[6/6] POST /v1/statements at ${HTTP_CLIENTS} clients (read-your-writes) vs the INSERT baseline at ${HTTP_CLIENTS} and the typical NestJS peer, and both GET /health/live, interleaved`,
    );
    const httpGenerator = new LedgerGenerator(4242, 1, 'bench-http');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const postSpec = {
      method: 'POST' as const,
      token: editorToken,
      next: () => ({ path: '/v1/statements', body: JSON.stringify(httpGenerator.statementBody({ statedAt: yesterday })) }),
    };
    // The typical NestJS service (bench/peers/typical-nest), its own process and database on
    // the same server, sent the same bodies in the same order (a generator of the same seed).
    const peer = await startTypicalNestPeer(databases.peerUrl, join(dataDir, 'peer.log'), options.logLevel);
    closers.push(() => peer.stop());
    const peerGenerator = new LedgerGenerator(4242, 1, 'bench-http');
    const peerPostSpec = {
      ...postSpec,
      next: () => ({ path: '/v1/statements', body: JSON.stringify(peerGenerator.statementBody({ statedAt: yesterday })) }),
    };
    const liveSpec = { method: 'GET' as const, token: readerToken, next: () => ({ path: '/health/live' }) };
    const baselines: MeasuredRun[] = [];
    let serverPeakRss = 0;
    const rssTimer = setInterval(() => {
      const memory = server && memoryOf(server.child.pid!);
      if (memory) serverPeakRss = Math.max(serverPeakRss, memory.rssMb);
    }, 100);
    const activityBefore = await ledgerActivity(databases.ledgerUrl);
    const versus = await versusPeer({
      ours: server.url,
      peer: peer.url,
      ourPost: postSpec,
      peerPost: peerPostSpec,
      live: liveSpec,
      clients: HTTP_CLIENTS,
      postSeconds: options.httpSeconds,
      floorSeconds: options.httpSeconds / 2,
      rounds: 2,
      beforeRound: async () => void baselines.push(await appendBench.baseline(HTTP_CLIENTS, options.httpSeconds / 2)),
    });
    clearInterval(rssTimer);
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) during the POST run:\n${server.output()}`);
    }
    const activityAfter = await ledgerActivity(databases.ledgerUrl);
    const projector = {
      events: activityAfter.events - activityBefore.events,
      batches: activityAfter.projectorBatches - activityBefore.projectorBatches,
      eventsPerBatch: round((activityAfter.events - activityBefore.events) / Math.max(1, activityAfter.projectorBatches - activityBefore.projectorBatches), 1),
    };
    log(`  projector during the POST runs: ${projector.events} events in ${projector.batches} batches (${projector.eventsPerBatch} per batch)`);
    const { post, peerPost, floor: floor32, peerFloor: peerFloor32 } = versus;
    const postBaseline = combine(baselines);
    log(
      `  POST: ${post.opsPerSec}/s p50 ${post.latency.p50} ms p99 ${post.latency.p99} ms non-2xx ${post.non2xx} errors ${post.errors} | baseline ${postBaseline.opsPerSec}/s p50 ${postBaseline.latency.p50} ms p99 ${postBaseline.latency.p99} ms`,
    );
    const peerRows = await withClient(databases.peerUrl, async (client) => Number((await client.query('SELECT count(*) AS n FROM statements')).rows[0].n));
    await peer.stop();
    const httpLine = (run: HttpRunResult) =>
      `${run.opsPerSec}/s p50 ${run.latency.p50} ms p99 ${run.latency.p99} ms non-2xx ${run.non2xx} errors ${run.errors}`;
    log(`  typical NestJS peer POST: ${httpLine(peerPost)} (${peerRows} rows in its table)`);
    log(`  GET /health/live at ${HTTP_CLIENTS} clients: ours ${httpLine(floor32)} | peer ${httpLine(peerFloor32)}`);
    for (const line of peerLines(versus)) log(line);
    const readYourWrites = await checkReadYourWrites(server.url, editorToken, readerToken, httpGenerator);
    log(`  read-your-writes: ${readYourWrites.ok}/${readYourWrites.tried} POSTs were visible in /v1/stances/history on the very next request`);
    // Bulk over HTTP, as an importer feeds the ledger: the batch endpoint, full batches, a few clients.
    const batchSpec = {
      method: 'POST' as const,
      token: editorToken,
      next: () => ({
        path: '/v1/statements/batch',
        body: JSON.stringify({
          statements: Array.from({ length: BULK_ITEMS }, () => httpGenerator.statementBody({ statedAt: yesterday })),
        }),
      }),
    };
    const bulkRun = await httpRun(server.url, batchSpec, BULK_CLIENTS, options.httpSeconds, 1);
    const bulk = { clients: BULK_CLIENTS, itemsPerRequest: BULK_ITEMS, statementsPerSec: round(bulkRun.opsPerSec * BULK_ITEMS, 0), run: stripSamples(bulkRun) };
    log(
      `  POST /v1/statements/batch (${BULK_ITEMS} each) at ${BULK_CLIENTS} clients: ${bulk.statementsPerSec} statements/s (${bulkRun.opsPerSec} requests/s, p50 ${bulkRun.latency.p50} ms p99 ${bulkRun.latency.p99} ms, non-2xx ${bulkRun.non2xx})`,
    );
    await server.stop();
    server = null;
    let postProfile: PostProfile | null = null;
    if (options.profile) {
      log(`  profile: POST /v1/statements at ${HTTP_CLIENTS} clients against a server child with every SQL statement timed`);
      try {
        postProfile = await profilePosts(serverEnv, join(dataDir, 'pg-timing.json'), postSpec, HTTP_CLIENTS, options.httpSeconds);
        log(`  ${postProfile.posts} POSTs in ${postProfile.wallSeconds} s (${postProfile.opsPerSec}/s, p50 ${postProfile.p50} ms, p99 ${postProfile.p99} ms)`);
        log(formatStages(postProfile.stages, { count: postProfile.posts, name: 'POST' }));
      } catch (error) {
        log(`  the POST profile failed (the figures above stand): ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    const profiles: ProfileSummary[] = [];
    if (options.cpuProf) {
      for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
        const summary = summarizeCpuProfile(join(profileDir, file));
        profiles.push(summary);
        log('\n' + formatProfile(summary));
      }
    }

    const results: BenchResults = {
      startedAt: new Date(started).toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      options,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
        postgres: databases.embedded ? `embedded ${settings.server_version}` : `DATABASE_URL ${settings.server_version}`,
      },
      settings,
      data: { events: head, ...generator.counts, ...shape, tableSizes: sizes },
      loads,
      appends,
      http: {
        clients: HTTP_CLIENTS,
        post: stripSamples(post),
        baseline: postBaseline,
        serverPeakRssMb: round(serverPeakRss, 1),
        readYourWrites,
        projector,
        bulk,
        peer: {
          name: 'typical NestJS service (bench/peers/typical-nest)',
          post: stripSamples(peerPost),
          floor: stripSamples(peerFloor32),
          ourFloor: stripSamples(floor32),
          rows: peerRows,
        },
      },
      queries: {
        stancesByTopic: stripSamples(stancesByTopic),
        history: stripSamples(history),
        floor: stripSamples(floor),
        alignment: stripSamples(alignment),
        stanceMap,
      },
      scan,
      readAll,
      rebuild: { small: rebuildSmall, large: rebuildLarge },
      profile: options.profile ? { appends: appendProfiles, rebuild: rebuildProfile, posts: postProfile } : null,
      cpuProfiles: profiles,
      seconds: round((Date.now() - started) / 1000, 0),
      targets: [],
    };
    results.targets = targetsOf(results);
    const table = renderTable(results);
    process.stdout.write('\n' + table + '\n');
    writeFileSync(options.out, JSON.stringify(results, null, 2) + '\n');
    log(`\nresults written to ${options.out}; the whole run took ${results.seconds} s`);
    return 0;
  } finally {
    await cleanup();
  }
}

async function rebuildChild(env: Record<string, string>, options: BenchOptions, profileDir: string, label: string, pgPid: number | null): Promise<RebuildRun> {
  const flags = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=rebuild-${label}.cpuprofile`] : [];
  const pgCpuBefore = pgPid ? postgresCpuSeconds(pgPid) : null;
  const run = await runNodeScript('apps/cli/src/main.js', ['rebuild'], env, flags);
  const pgCpu = pgPid && pgCpuBefore !== null ? round(postgresCpuSeconds(pgPid) - pgCpuBefore, 1) : null;
  if (run.code !== 0) throw new Error(`rebuild exited with ${run.code}:\n${run.stderr.slice(-4000)}`);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  const answer = JSON.parse(line) as { eventsApplied: number; seconds: number };
  const result: RebuildRun = {
    events: answer.eventsApplied,
    seconds: answer.seconds,
    eventsPerSec: round(answer.eventsApplied / answer.seconds, 0),
    processSeconds: round(run.wallSeconds, 1),
    peakRssMb: run.peakRssMb,
    nodeCpuSeconds: run.cpuSeconds === null ? null : round(run.cpuSeconds, 1),
    postgresCpuSeconds: pgCpu,
    rssSeries: run.rssSeries,
  };
  log(
    `  rebuild of ${result.events} events: ${result.seconds} s = ${result.eventsPerSec} events/s; peak RSS ${result.peakRssMb} MB; ` +
      `CPU: node ${result.nodeCpuSeconds ?? '?'} s, PostgreSQL ${result.postgresCpuSeconds ?? '?'} s (process wall ${result.processSeconds} s)`,
  );
  return result;
}

/** Rows inserted into events, and projector batches (each updates its checkpoint row once), so far. */
async function ledgerActivity(url: string): Promise<{ events: number; projectorBatches: number }> {
  await new Promise((resolve) => setTimeout(resolve, 1500)); // table statistics are flushed about once a second
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ relname: string; n_tup_ins: string; n_tup_upd: string }>(
      `SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE relname IN ('events', 'projection_checkpoints')`,
    );
    const of = (name: string) => rows.find((row) => row.relname === name);
    return { events: Number(of('events')?.n_tup_ins ?? 0), projectorBatches: Number(of('projection_checkpoints')?.n_tup_upd ?? 0) };
  });
}

/** After each POST's answer, the stance history of its key must already list it. */
async function checkReadYourWrites(url: string, editorToken: string, readerToken: string, generator: LedgerGenerator): Promise<{ tried: number; ok: number }> {
  let ok = 0;
  const tried = 20;
  for (let i = 0; i < tried; i++) {
    const body = generator.statementBody({ statedAt: new Date().toISOString().slice(0, 10) });
    const posted = await fetch(`${url}/v1/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (posted.status !== 201) continue;
    const { statementId } = (await posted.json()) as { statementId: string };
    const actor = body.actor as { country: string };
    const query = `country=${actor.country}&topic=${body.topic as string}&target=${(body.target as string | null) ?? 'none'}`;
    const read = await fetch(`${url}/v1/stances/history?${query}`, { headers: { authorization: `Bearer ${readerToken}` } });
    const items = ((await read.json()) as { items: { statementId: string }[] }).items;
    if (items.some((item) => item.statementId === statementId)) ok += 1;
  }
  return { tried, ok };
}

const code = await main().catch((error) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
process.exit(code);
