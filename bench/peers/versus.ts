/**
 * `node dist/bench/peers/versus.js [--rounds 4] [--seconds 5] [--appenders 32] [--log-level info]`
 * (after `npm run build`): only the issue-18 peers, in ~2 minutes instead of a whole bench —
 * our POST /v1/statements against the typical NestJS service and both GET /health/live at
 * 32 clients, and (unless `--appenders none`) our store against Emmett and the INSERT, all in
 * interleaved rounds, on an embedded PostgreSQL (or DATABASE_URL's server) with fsync on.
 * Our ledger holds only the topics here (`npm run bench` measures on 100k–1M events).
 */
import 'reflect-metadata';
import { eventStoreMigrations, PostgresEventStore } from '@app/event-store';
import { loadCameoCodebook, runMigrations } from '@app/platform';
import { readModelMigrations } from '@app/stances';
import { LedgerGenerator } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppendBench } from '../lib/append.js';
import { durabilitySettings, openDatabases, type BenchDatabases } from '../lib/database.js';
import type { HttpRunResult } from '../lib/http.js';
import { startServerChild, type ServerChild } from '../lib/processes.js';
import { ratio } from '../lib/stats.js';
import { startTypicalNestPeer } from './typical-nest-server.js';
import { peerLines, versusPeer } from './versus-peer.js';

const log = (message: string) => process.stderr.write(message + '\n');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const CLIENTS = 32;

async function main(): Promise<number> {
  loadCameoCodebook();
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '5' },
      appenders: { type: 'string', default: '32' },
      'log-level': { type: 'string', default: 'info' },
    },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const appenders = values.appenders === 'none' ? [] : values.appenders.split(',').map(Number);
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-versus-'));
  chmodSync(dataDir, 0o711); // PostgreSQL runs as `postgres` when we are root: it must traverse this
  let databases: BenchDatabases | null = null;
  const stops: (() => Promise<void>)[] = [];
  try {
    databases = await openDatabases(join(dataDir, 'db'), log);
    const settings = await durabilitySettings(databases.adminUrl);
    if (settings.fsync !== 'on' || settings.synchronous_commit !== 'on') {
      log('refusing to report: fsync and synchronous_commit must both be on');
      return 1;
    }
    log(`PostgreSQL ${settings.server_version}: fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit}; load average ${load()}`);

    if (appenders.length > 0) {
      const appendBench = await AppendBench.open(databases.appendUrl, databases.emmettUrl);
      stops.push(() => appendBench.close());
      log(`store vs INSERT vs Emmett (${seconds / 2} s rounds, two per side):`);
      for (const concurrency of appenders) {
        await appendBench.compare(concurrency, seconds / 2, log);
        log(`  load average ${load()}`);
      }
    }

    await runMigrations(databases.ledgerUrl, [...eventStoreMigrations, ...readModelMigrations]);
    const store = await PostgresEventStore.create({ url: databases.ledgerUrl });
    await store.append(new LedgerGenerator(42, 1).topicUnit());
    await store.close();
    const editorToken = randomBytes(18).toString('base64url');
    const server: ServerChild = await startServerChild(
      {
        DATABASE_URL: databases.ledgerUrl,
        DATA_DIR: join(dataDir, 'server'),
        API_KEYS: `bench-editor:editor:${editorToken}`,
        RATE_LIMIT_PER_MIN: '0',
        LOG_LEVEL: values['log-level'],
        PROJECTOR: 'embedded',
      },
      join(dataDir, 'server.log'),
    );
    stops.push(() => server.stop());
    const peer = await startTypicalNestPeer(databases.peerUrl, join(dataDir, 'peer.log'), values['log-level']);
    stops.push(() => peer.stop());

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const postOf = (generator: LedgerGenerator) => ({
      method: 'POST' as const,
      token: editorToken,
      next: () => ({ path: '/v1/statements', body: JSON.stringify(generator.statementBody({ statedAt: yesterday })) }),
    });
    log(`\nPOST /v1/statements and GET /health/live at ${CLIENTS} clients, ours vs the typical NestJS peer, ${rounds} interleaved rounds of ${seconds} s`);
    const started = load();
    const versus = await versusPeer({
      ours: server.url,
      peer: peer.url,
      ourPost: postOf(new LedgerGenerator(4242, 1, 'bench-http')),
      peerPost: postOf(new LedgerGenerator(4242, 1, 'bench-http')),
      live: { method: 'GET', token: editorToken, next: () => ({ path: '/health/live' }) },
      clients: CLIENTS,
      postSeconds: seconds,
      floorSeconds: seconds / 2,
      rounds,
    });
    const line = (name: string, run: HttpRunResult) =>
      `  ${name.padEnd(28)} ${run.opsPerSec}/s p50 ${run.latency.p50} ms p99 ${run.latency.p99} ms (non-2xx ${run.non2xx}, errors ${run.errors})`;
    log(line('ours POST', versus.post));
    log(line('peer POST', versus.peerPost));
    log(line('ours GET /health/live', versus.floor));
    log(line('peer GET /health/live', versus.peerFloor));
    log(
      `  our POST as a share of our floor: ${ratio(versus.post.opsPerSec, versus.floor.opsPerSec)}; the peer's: ${ratio(versus.peerPost.opsPerSec, versus.peerFloor.opsPerSec)}`,
    );
    for (const text of peerLines(versus)) log(text);
    log(`load average ${started} at the start of the HTTP rounds, ${load()} at the end`);
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await databases?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const code = await main().catch((error) => {
  log(`versus failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
process.exit(code);
