import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { prng } from '@app/testing';
import { statementBody } from '../../support/demo.js';
import { TOKEN } from './hostile-server.js';
import { expectChainVerifies, expectReadModelsEqualRebuild } from './ledger-state.js';
import { RawClient } from './raw-http.js';

/** The benchmark's seeded PRNG (mulberry32): a round's requests and moments replay from its seed. */
export const seededRandom = prng;

type Outcome =
  | { kind: 'acknowledged'; status: number; json: any }
  | { kind: 'refused'; status: number; json: any; contentType: string; retryAfter: string | undefined }
  | { kind: 'unanswered'; error: string };

export interface StormWrite {
  route: '/v1/statements' | '/v1/statements/batch';
  key: string;
  body: string;
  /** The `summary` of each statement it records: unique, so the log shows each write's fate. */
  markers: string[];
  outcome: Outcome | null;
  sentAt: number;
  answeredAt: number;
}

const COUNTRIES = ['CHN', 'KOR', 'JPN', 'USA', 'AUS'];
const TARGETS = [null, 'KOR', 'JPN'];
const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'];

/**
 * Concurrent writers sending POST /v1/statements and batches of 2–6, every one with an
 * Idempotency-Key, some with client-chosen statementIds; each write's outcome is kept.
 */
export class WriteStorm {
  readonly writes: StormWrite[] = [];
  private stopped = false;
  private running: Promise<void>[] = [];
  private client: RawClient;

  constructor(
    url: string,
    private readonly token: string,
    private readonly label: string,
    private readonly random: () => number,
  ) {
    this.client = new RawClient(url);
  }

  get acknowledged(): number {
    return this.writes.filter((write) => write.outcome?.kind === 'acknowledged').length;
  }

  /** Resolves at the first acknowledgement of a write sent at or after `since`; its time. */
  async acknowledgedSince(since: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const first = this.writes.find((write) => write.sentAt >= since && write.outcome?.kind === 'acknowledged');
      if (first) return first.answeredAt;
      if (Date.now() > deadline) {
        const outcomes = this.writes
          .filter((write) => write.sentAt >= since)
          .map((write) => (write.outcome ? `${write.outcome.kind} ${'status' in write.outcome ? write.outcome.status : write.outcome.error}` : 'pending'));
        const tally = [...new Set(outcomes)].map((o) => `${outcomes.filter((x) => x === o).length}× ${o}`);
        throw new Error(`no write sent after ${new Date(since).toISOString()} was acknowledged within ${timeoutMs} ms: ${tally.join('; ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The slowest answer of the writes that were waiting for one at some time in [from, to). */
  slowestAnswer(from: number, to: number): number {
    const overlapping = this.writes.filter((write) => write.sentAt < to && write.answeredAt >= from);
    return Math.max(0, ...overlapping.map((write) => write.answeredAt - write.sentAt));
  }

  start(clients: number): void {
    for (let c = 0; c < clients; c++) this.running.push(this.loop(c));
  }

  /** Stops sending; resolves when every write sent has its outcome. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
    this.client.close();
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private statement(marker: string): Record<string, unknown> {
    const year = 2000 + Math.floor(this.random() * 24);
    const body = statementBody({
      actor: { country: this.pick(COUNTRIES), body: 'Ministry of Foreign Affairs' },
      target: this.pick(TARGETS),
      position: this.pick(POSITIONS),
      statedAt: `${year}-0${1 + Math.floor(this.random() * 9)}`,
      summary: marker,
      utteranceId: null,
    });
    if (this.random() < 0.4) body.statementId = uuidFrom(this.random);
    return body;
  }

  private async loop(client: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const name = `${this.label}-c${client}-n${n}`;
      const batch = this.random() < 0.35;
      const count = batch ? 2 + Math.floor(this.random() * 5) : 1;
      const markers = Array.from({ length: count }, (_, i) => (batch ? `${name}-i${i}` : name));
      const statements = markers.map((marker) => this.statement(marker));
      const write: StormWrite = {
        route: batch ? '/v1/statements/batch' : '/v1/statements',
        key: `storm-${name}`,
        body: JSON.stringify(batch ? { statements } : statements[0]),
        markers,
        outcome: null,
        sentAt: Date.now(),
        answeredAt: 0,
      };
      this.writes.push(write);
      try {
        const response = await this.client.send({ method: 'POST', path: write.route, headers: this.headers(write), body: write.body, timeoutMs: 60_000 });
        write.outcome =
          response.status < 300
            ? { kind: 'acknowledged', status: response.status, json: response.json }
            : {
                kind: 'refused',
                status: response.status,
                json: response.json,
                contentType: String(response.headers['content-type']),
                retryAfter: response.headers['retry-after'] as string | undefined,
              };
      } catch (error) {
        write.outcome = { kind: 'unanswered', error: String(error) };
      }
      write.answeredAt = Date.now();
      // As a client would after a 503 or a lost connection: wait a little before the next write.
      if (write.outcome.kind !== 'acknowledged') await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  headers(write: StormWrite): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'idempotency-key': write.key };
  }
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

export interface StormReport {
  writes: number;
  acknowledged: number;
  refused: number;
  unansweredCommitted: number;
  unansweredAbsent: number;
  statements: number;
}

/** How many StatementRecorded events carry each marker, and their statementIds. */
async function recordedByMarker(databaseUrl: string): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ marker: string; id: string }>(
      `SELECT data->>'summary' AS marker, data->>'statementId' AS id FROM events WHERE type = 'StatementRecorded' ORDER BY log_position`,
    );
    const found = new Map<string, string[]>();
    for (const row of rows) found.set(row.marker, [...(found.get(row.marker) ?? []), row.id]);
    return found;
  } finally {
    await client.end();
  }
}

function idsAnswered(write: StormWrite, json: any): string[] {
  return write.route === '/v1/statements' ? [json.statementId] : json.items.map((item: { statementId: string }) => item.statementId);
}

/**
 * What the log must show after a crash: every acknowledged write exactly once (with the ids
 * its answer gave), every refused one not at all, every unanswered one wholly or not at all.
 * Then every write is sent again with its Idempotency-Key: an acknowledged one replays its
 * first answer, an unanswered one that committed replays too, one that did not is written
 * now; afterwards every statement of every write is in the log exactly once.
 */
export async function checkStormAfterCrash(storm: WriteStorm, url: string, databaseUrl: string): Promise<StormReport> {
  const before = await recordedByMarker(databaseUrl);
  const report: StormReport = { writes: storm.writes.length, acknowledged: 0, refused: 0, unansweredCommitted: 0, unansweredAbsent: 0, statements: 0 };
  const committed = new Map<StormWrite, boolean>();
  for (const write of storm.writes) {
    const counts = write.markers.map((marker) => before.get(marker)?.length ?? 0);
    const outcome = write.outcome!;
    const where = `${write.route} ${write.key} (${outcome.kind}${'status' in outcome ? ` ${outcome.status}` : ''}): statements per marker ${counts.join(',')}`;
    if (counts.some((n) => n > 1)) throw new Error(`recorded more than once: ${where}`);
    if (outcome.kind === 'acknowledged') {
      if (!counts.every((n) => n === 1)) throw new Error(`an acknowledged write is missing: ${where}`);
      const stored = write.markers.map((marker) => before.get(marker)![0]);
      if (!isDeepStrictEqual(stored, idsAnswered(write, outcome.json))) throw new Error(`stored ids differ from the answer: ${where}`);
      report.acknowledged += 1;
    } else if (outcome.kind === 'refused') {
      if (!counts.every((n) => n === 0)) throw new Error(`a write answered ${outcome.status} was stored: ${where}`);
      report.refused += 1;
    } else {
      if (!counts.every((n) => n === counts[0])) throw new Error(`a write is half there: ${where}`);
      if (counts[0] === 1) report.unansweredCommitted += 1;
      else report.unansweredAbsent += 1;
    }
    committed.set(write, counts[0] === 1);
  }

  const client = new RawClient(url);
  try {
    for (const write of storm.writes) {
      const retry = await client.send({ method: 'POST', path: write.route, headers: storm.headers(write), body: write.body, timeoutMs: 30_000 });
      const outcome = write.outcome!;
      const where = `retry of ${write.route} ${write.key} (first: ${outcome.kind}) answered ${retry.status} ${retry.text.slice(0, 300)}`;
      if (retry.status >= 300) throw new Error(where);
      const replayed = retry.headers['idempotent-replayed'] === 'true';
      if (committed.get(write) !== replayed) throw new Error(`replayed=${replayed} but committed=${committed.get(write)}: ${where}`);
      if (outcome.kind === 'acknowledged' && (retry.status !== outcome.status || !isDeepStrictEqual(retry.json, outcome.json))) {
        throw new Error(`the replay differs from the first answer: ${where}`);
      }
    }
  } finally {
    client.close();
  }

  const after = await recordedByMarker(databaseUrl);
  for (const write of storm.writes) {
    const counts = write.markers.map((marker) => after.get(marker)?.length ?? 0);
    if (!counts.every((n) => n === 1)) throw new Error(`after the retries ${write.key} has statements per marker ${counts.join(',')}`);
    report.statements += counts.length;
  }
  return report;
}

export function describeReport(report: StormReport): string {
  return (
    `${report.writes} writes (${report.acknowledged} acknowledged, ${report.refused} refused, ` +
    `${report.unansweredCommitted + report.unansweredAbsent} unanswered: ${report.unansweredCommitted} had committed, ` +
    `${report.unansweredAbsent} had not), ${report.statements} statements each found exactly once after retrying every write`
  );
}

export interface RoundOptions {
  label: string;
  /** The server's URL (it may change when the disruption restarts the server). */
  url(): string;
  /** The server's configuration, for the CLI rebuild. */
  env: Record<string, string>;
  /** Picks the moment of the disruption. */
  random: () => number;
  /** Crashes something under the storm, stops the storm, and brings things back (or leaves them to recover). */
  disrupt(storm: WriteStorm): Promise<string>;
}

export interface RoundResult {
  report: StormReport;
  line: string;
}

/**
 * One round: a write storm of 8 writers, a disruption at a random moment once writes are being
 * acknowledged, then the checks — every write's fate (checkStormAfterCrash), the chain
 * (GET /v1/audit/verify) and the read models against a full rebuild.
 */
export async function stormRound(options: RoundOptions): Promise<RoundResult> {
  const storm = new WriteStorm(options.url(), TOKEN, options.label, seededRandom(Math.floor(options.random() * 2 ** 32)));
  storm.start(8);
  const deadline = Date.now() + 30_000;
  while (storm.acknowledged < 3) {
    if (Date.now() > deadline) throw new Error(`no write acknowledged within 30 s: ${JSON.stringify(storm.writes.at(-1)?.outcome)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const delay = Math.floor(options.random() * 1500);
  await new Promise((resolve) => setTimeout(resolve, delay));
  const disruption = await options.disrupt(storm);
  const report = await checkStormAfterCrash(storm, options.url(), options.env.DATABASE_URL);
  const events = await expectChainVerifies(options.url(), TOKEN, options.env.DATABASE_URL);
  const rebuild = await expectReadModelsEqualRebuild(options.env);
  const line = `${options.label}, ${delay} ms into the storm: ${disruption}; ${describeReport(report)}; chain of ${events} events verified; read models equal a rebuild (${rebuild.ms} ms)`;
  return { report, line };
}

/** Several rounds in a row; the totals and one line per round. */
export async function stormRounds(rounds: number, options: (round: number) => RoundOptions): Promise<{ writes: number; statements: number; lines: string[] }> {
  const totals = { writes: 0, statements: 0, lines: [] as string[] };
  for (let round = 1; round <= rounds; round++) {
    const { report, line } = await stormRound(options(round));
    totals.writes += report.writes;
    totals.statements += report.statements;
    totals.lines.push(line);
  }
  return totals;
}
