import type { AppendComparison } from './append.js';
import type { StanceMapRun } from './browser-map.js';
import type { BenchOptions } from './args.js';
import type { ProfileSummary } from './cpuprofile.js';
import type { DurabilitySettings } from './database.js';
import type { HttpRunResult } from './http.js';
import type { LoadResult } from '@app/testing';
import type { AppendProfile, PostProfile, RebuildProfile } from './profile.js';
import type { ScanResult } from './scan.js';
import { ratio, round, type ThroughputResult } from './stats.js';

export interface RebuildRun {
  events: number;
  /** The CLI's own timing of rebuildReadModels (process start-up excluded). */
  seconds: number;
  eventsPerSec: number;
  processSeconds: number;
  peakRssMb: number;
  nodeCpuSeconds: number | null;
  postgresCpuSeconds: number | null;
  rssSeries: [number, number][];
}

type HttpFigures = Omit<HttpRunResult, 'samples'>;

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  startedAt: string;
  command: string;
  options: BenchOptions;
  /** Load averages (1, 5, 15 min): other work on the machine during the run. */
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; postgres: string };
  settings: DurabilitySettings;
  data: Record<string, unknown> & { events: number };
  loads: LoadResult[];
  appends: AppendComparison[];
  http: {
    clients: number;
    post: HttpFigures;
    baseline: ThroughputResult;
    serverPeakRssMb: number;
    readYourWrites: { tried: number; ok: number };
    /** Events appended and projector batches committed during the POST runs. */
    projector: { events: number; batches: number; eventsPerBatch: number };
    /** POST /v1/statements/batch: `itemsPerRequest` statements a request from `clients` clients. */
    bulk?: { clients: number; itemsPerRequest: number; statementsPerSec: number; run: HttpFigures };
    /**
     * The typical NestJS service (issue 18) at `clients`: its POST with the same bodies, and
     * GET /health/live on it and on ours (`ourFloor`), interleaved with our POST; `rows` in its table after.
     */
    peer?: { name: string; post: HttpFigures; floor: HttpFigures; ourFloor: HttpFigures; rows: number };
  };
  /** `floor`: GET /health/live on the same server, which touches no database: the HTTP stack's own latency here. */
  queries: { stancesByTopic: HttpFigures; history: HttpFigures; floor?: HttpFigures; alignment?: HttpFigures; stanceMap?: StanceMapRun };
  scan: ScanResult;
  readAll: ScanResult | null;
  rebuild: { small: RebuildRun; large: RebuildRun };
  profile: { appends: AppendProfile[]; rebuild: RebuildProfile | null; posts: PostProfile | null } | null;
  cpuProfiles: ProfileSummary[];
  seconds: number;
  targets: Target[];
}

const at = (results: BenchResults, concurrency: number) => results.appends.find((a) => a.concurrency === concurrency)!;

export function targetsOf(r: BenchResults): Target[] {
  const a32 = at(r, 32);
  const a1 = at(r, 1);
  const throughput32 = ratio(a32.store.opsPerSec, a32.baseline.opsPerSec);
  const p50at1 = ratio(a1.store.latency.p50, a1.baseline.latency.p50);
  const http = ratio(r.http.post.opsPerSec, r.http.baseline.opsPerSec);
  const ofScan = ratio(r.rebuild.large.eventsPerSec, r.scan.rowsPerSec);
  const rssGrowth = ratio(r.rebuild.large.peakRssMb, r.rebuild.small.peakRssMb);
  const small = r.rebuild.small.events;
  const large = r.rebuild.large.events;
  return [
    ...peerTargets(r),
    { name: 'store appends at 32 appenders', target: '≥ 2× baseline throughput', measured: `${throughput32}×`, met: throughput32 >= 2 },
    { name: 'store append p50 at 1 appender', target: '≤ 1.3× baseline p50', measured: `${p50at1}×`, met: p50at1 <= 1.3 },
    { name: 'HTTP POST /v1/statements at 32 clients', target: '≥ 1× baseline throughput', measured: `${http}×`, met: http >= 1 },
    { name: 'HTTP POST /v1/statements p99 at 32 clients', target: '≤ 25 ms', measured: `${r.http.post.latency.p99} ms`, met: r.http.post.latency.p99 <= 25 },
    {
      name: `rebuild rate at ${large} events`,
      target: '≥ 50,000 events/s',
      measured: `${r.rebuild.large.eventsPerSec} events/s`,
      met: r.rebuild.large.eventsPerSec >= 50_000,
    },
    { name: 'rebuild rate vs raw scan', target: '≥ 25% of the scan rate', measured: `${round(ofScan * 100, 1)}%`, met: ofScan >= 0.25 },
    {
      name: 'GET /v1/stances?topic= p99',
      target: '≤ 5 ms',
      measured: `${r.queries.stancesByTopic.latency.p99} ms`,
      met: r.queries.stancesByTopic.latency.p99 <= 5,
    },
    { name: 'GET /v1/stances/history p99', target: '≤ 5 ms', measured: `${r.queries.history.latency.p99} ms`, met: r.queries.history.latency.p99 <= 5 },
    ...(r.queries.stanceMap
      ? [
          {
            name: `the browser's stance map on screen (${r.queries.stanceMap.cells} cells), slowest warm navigation`,
            target: '≤ 1.5 s',
            measured: `${r.queries.stanceMap.warmMaxMs} ms (cold ${r.queries.stanceMap.coldMs} ms)`,
            met: r.queries.stanceMap.warmMaxMs <= 1500,
          },
        ]
      : []),
    { name: `rebuild peak RSS at ${small} events`, target: '≤ 300 MB', measured: `${r.rebuild.small.peakRssMb} MB`, met: r.rebuild.small.peakRssMb <= 300 },
    { name: `rebuild peak RSS at ${large} events`, target: '≤ 300 MB', measured: `${r.rebuild.large.peakRssMb} MB`, met: r.rebuild.large.peakRssMb <= 300 },
    { name: `peak RSS at ${large} vs at ${small}`, target: 'within 10%', measured: `${rssGrowth}×`, met: rssGrowth <= 1.1 },
  ];
}

/** Issue 18: our POST at ≥ 2× the typical NestJS service with p99 ≤ 25 ms; the appends beside Emmett's, reported. */
function peerTargets(r: BenchResults): Target[] {
  const targets: Target[] = [];
  const peer = r.http.peer;
  if (peer) {
    const times = ratio(r.http.post.opsPerSec, peer.post.opsPerSec);
    const p99 = r.http.post.latency.p99;
    targets.push({
      name: `HTTP POST /v1/statements vs typical NestJS peer at ${r.http.clients} clients`,
      target: '≥ 2× its requests/s, p99 ≤ 25 ms',
      measured: `${times}×, p99 ${p99} ms (peer ${peer.post.latency.p99} ms)`,
      met: times >= 2 && p99 <= 25,
    });
  }
  const withEmmett = r.appends.filter((a) => a.emmett);
  if (withEmmett.length > 0) {
    targets.push({
      name: "store appends vs Emmett's PostgreSQL event store",
      target: `reported at ${r.appends.map((a) => a.concurrency).join('/')} appenders`,
      measured: withEmmett.map((a) => `${ratio(a.store.opsPerSec, a.emmett!.opsPerSec)}× at ${a.concurrency}`).join(', '),
      met: withEmmett.length === r.appends.length,
    });
  }
  return targets;
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—');

/** The results as Markdown tables (pasted into BENCHMARKS.md as they are). */
export function renderTable(r: BenchResults): string {
  const rows: string[][] = [];
  for (const a of r.appends) {
    rows.push([
      `store append, ${a.concurrency} appender${a.concurrency > 1 ? 's' : ''}: throughput`,
      `${fmt(a.store.opsPerSec)}/s`,
      `${fmt(a.baseline.opsPerSec)}/s`,
      `${fmt(ratio(a.store.opsPerSec, a.baseline.opsPerSec))}×`,
    ]);
    rows.push([
      `store append, ${a.concurrency} appender${a.concurrency > 1 ? 's' : ''}: p50 / p99`,
      `${fmt(a.store.latency.p50)} / ${fmt(a.store.latency.p99)} ms`,
      `${fmt(a.baseline.latency.p50)} / ${fmt(a.baseline.latency.p99)} ms`,
      `${fmt(ratio(a.store.latency.p50, a.baseline.latency.p50))}× / ${fmt(ratio(a.store.latency.p99, a.baseline.latency.p99))}×`,
    ]);
    if (a.emmett) rows.push(...versus(`store append vs Emmett, ${a.concurrency} appender${a.concurrency > 1 ? 's' : ''}`, a.store, a.emmett));
  }
  const h = r.http;
  rows.push([
    `HTTP POST /v1/statements, ${h.clients} clients: throughput`,
    `${fmt(h.post.opsPerSec)}/s`,
    `${fmt(h.baseline.opsPerSec)}/s`,
    `${fmt(ratio(h.post.opsPerSec, h.baseline.opsPerSec))}×`,
  ]);
  rows.push([
    `HTTP POST /v1/statements, ${h.clients} clients: p50 / p99`,
    `${fmt(h.post.latency.p50)} / ${fmt(h.post.latency.p99)} ms`,
    `${fmt(h.baseline.latency.p50)} / ${fmt(h.baseline.latency.p99)} ms`,
    `${fmt(ratio(h.post.latency.p50, h.baseline.latency.p50))}× / ${fmt(ratio(h.post.latency.p99, h.baseline.latency.p99))}×`,
  ]);
  if (h.peer) {
    rows.push(...versus(`HTTP POST /v1/statements vs typical NestJS peer, ${h.clients} clients`, h.post, h.peer.post));
    rows.push(...versus(`GET /health/live vs typical NestJS peer, ${h.clients} clients`, h.peer.ourFloor, h.peer.floor));
  }
  if (h.bulk) {
    rows.push([
      `HTTP POST /v1/statements/batch (${h.bulk.itemsPerRequest} each), ${h.bulk.clients} clients: statements/s`,
      `${fmt(h.bulk.statementsPerSec)}/s`,
      `${fmt(h.baseline.opsPerSec)}/s`,
      `${fmt(ratio(h.bulk.statementsPerSec, h.baseline.opsPerSec))}×`,
    ]);
    rows.push([`HTTP POST /v1/statements/batch: p50 / p99 per request`, `${fmt(h.bulk.run.latency.p50)} / ${fmt(h.bulk.run.latency.p99)} ms`, '', '']);
  }
  const { small, large } = r.rebuild;
  rows.push([
    `rebuild, ${fmt(large.events)} events (vs raw scan)`,
    `${fmt(large.eventsPerSec)} events/s`,
    `${fmt(r.scan.rowsPerSec)} rows/s`,
    `${fmt(ratio(large.eventsPerSec, r.scan.rowsPerSec))}×`,
  ]);
  rows.push([`rebuild, ${fmt(small.events)} events`, `${fmt(small.eventsPerSec)} events/s`, '', '']);
  if (r.readAll)
    rows.push([
      'store.readAll pages of 2000 (what the rebuild reads with)',
      `${fmt(r.readAll.rowsPerSec)} events/s`,
      `${fmt(r.scan.rowsPerSec)} rows/s`,
      `${fmt(ratio(r.readAll.rowsPerSec, r.scan.rowsPerSec))}×`,
    ]);
  const q = r.queries;
  rows.push([`GET /v1/stances?topic= (1 connection): p50 / p99`, `${fmt(q.stancesByTopic.latency.p50)} / ${fmt(q.stancesByTopic.latency.p99)} ms`, '', '']);
  rows.push([`GET /v1/stances/history (1 connection): p50 / p99`, `${fmt(q.history.latency.p50)} / ${fmt(q.history.latency.p99)} ms`, '', '']);
  if (q.alignment)
    rows.push([
      `GET /v1/alignment?topic= (every holder; 1 connection): p50 / p99`,
      `${fmt(q.alignment.latency.p50)} / ${fmt(q.alignment.latency.p99)} ms`,
      '',
      '',
    ]);
  if (q.floor) rows.push([`GET /health/live, no database (1 connection): p50 / p99`, `${fmt(q.floor.latency.p50)} / ${fmt(q.floor.latency.p99)} ms`, '', '']);
  rows.push([
    `rebuild peak RSS at ${fmt(small.events)} / ${fmt(large.events)} events`,
    `${fmt(small.peakRssMb)} / ${fmt(large.peakRssMb)} MB`,
    '',
    `${fmt(ratio(large.peakRssMb, small.peakRssMb))}×`,
  ]);
  rows.push([`server peak RSS during the POST run`, `${fmt(h.serverPeakRssMb)} MB`, '', '']);

  const table = (header: string[], body: string[][]) =>
    [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const s = r.settings;
  return [
    `Stance Ledger benchmark, ${r.startedAt}: \`${r.command}\``,
    `machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}; load average ${r.machine.loadAverageAtStart.join(' ')} at start, ${r.machine.loadAverageAtEnd.join(' ')} at the end`,
    `PostgreSQL: fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit}, full_page_writes=${s.full_page_writes}, wal_sync_method=${s.wal_sync_method}, shared_buffers=${s.shared_buffers}, max_wal_size=${s.max_wal_size}`,
    `data: ${fmt(r.data.events)} events (${fmt(r.data.recorded as number)} recorded, ${fmt(r.data.corrected as number)} corrected, ${fmt(r.data.retracted as number)} retracted, ${r.data.topics} topics); ${fmt(r.data.stanceKeys as number)} stance keys, ${fmt(r.data.stancesPerTopic as number)} stances per topic`,
    '',
    table(['measurement', 'Stance Ledger', 'baseline or peer', 'ratio'], rows),
    '',
    table(
      ['target (issues 6 and 18)', 'wanted', 'measured', 'met'],
      r.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**no**']),
    ),
  ].join('\n');
}

/** Two rows, throughput and p50 / p99, of ours against another side (a peer); ratios are ours ÷ theirs. */
function versus(label: string, ours: ThroughputResult, theirs: ThroughputResult): string[][] {
  return [
    [`${label}: throughput`, `${fmt(ours.opsPerSec)}/s`, `${fmt(theirs.opsPerSec)}/s`, `${fmt(ratio(ours.opsPerSec, theirs.opsPerSec))}×`],
    [
      `${label}: p50 / p99`,
      `${fmt(ours.latency.p50)} / ${fmt(ours.latency.p99)} ms`,
      `${fmt(theirs.latency.p50)} / ${fmt(theirs.latency.p99)} ms`,
      `${fmt(ratio(ours.latency.p50, theirs.latency.p50))}× / ${fmt(ratio(ours.latency.p99, theirs.latency.p99))}×`,
    ],
  ];
}
