import pg from 'pg';
import { nowMs, round } from './stats.js';

/**
 * Times every query sent through `pg` in this process (the product's code and the bench
 * share one `pg` module), grouped by what the statement does. A query's time runs from
 * the call to the parsed result: the round trip, PostgreSQL's work and pg's row parsing.
 */

/** Readable names for the statements the product sends (rebuild generation suffixes ignored). */
const STAGES: [RegExp, string][] = [
  [/^BEGIN; SELECT pg_advisory_xact_lock/, 'writer: BEGIN + lock + batch state (round trip 1)'],
  [/^INSERT INTO events/, 'writer: INSERT events + NOTIFY + COMMIT (round trip 2)'],
  [/FROM events WHERE stream_id = \$1/, 'store.readStream'],
  [/FROM events WHERE log_position > \$1/, 'store.readAll (2000 per page in a rebuild, 1000 live)'],
  [/^SELECT log_position, hash, metadata->>'recordedAt' AS recorded_at FROM events ORDER BY/, 'store.head'],
  [/^SELECT doc, stated_from, record_log_position FROM statement_versions/, 'projection: load statements (current versions WHERE statement_id = ANY)'],
  [/^SELECT slug, title/, 'projection: load topics'],
  [/^INSERT INTO topics/, 'projection: save topics (upsert)'],
  [/^INSERT INTO statements /, 'projection: save statements (upsert via jsonb_to_recordset)'],
  [/^UPDATE statement_versions/, 'projection: close versions (UPDATE … FROM jsonb_to_recordset)'],
  [/^INSERT INTO statement_versions/, 'projection: insert versions (jsonb_to_recordset)'],
  [/^SELECT s\.country, s\.topic.* FROM statements s JOIN jsonb_to_recordset/, 'projection: recompute stances, read all active statements of the dirty keys'],
  [/^SELECT c\.country, c\.topic.* FROM current_stances c JOIN jsonb_to_recordset/, 'projection: recompute stances, read stored stances of the dirty keys'],
  [/^DELETE FROM current_stances/, 'projection: recompute stances, DELETE dirty keys'],
  [/^INSERT INTO current_stances/, 'projection: recompute stances, INSERT'],
  [/^SELECT pg_advisory_xact_lock\(\$1\)$/, 'projector: advisory lock'],
  [/^SELECT log_position FROM projection_checkpoints/, 'projector: read checkpoint'],
  [/^UPDATE projection_checkpoints/, 'projector: write checkpoint'],
  [/pg_notify/, 'projector: NOTIFY'],
  [/^(BEGIN|COMMIT|ROLLBACK)$/, 'BEGIN / COMMIT (projector, rebuild)'],
  [/^CREATE TABLE/, 'rebuild: create shadow tables'],
  [/^(DROP TABLE|ALTER TABLE)/, 'rebuild: swap tables'],
  [/FROM current_stances/, 'query: current stances'],
  [/^SELECT s\.country, s\.topic.*FROM statements s WHERE/, 'query: active statements of a key (history)'],
];

export function stageOf(sql: string): string {
  const text = sql
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/_r\d+\b/g, '');
  for (const [pattern, name] of STAGES) if (pattern.test(text)) return name;
  return `other: ${text.slice(0, 70)}`;
}

export interface StageTiming {
  stage: string;
  calls: number;
  seconds: number;
  /** Share of the wall time of the measured run (stages that overlap can add up to more than 1). */
  share: number;
}

export class PgTiming {
  private readonly totals = new Map<string, { calls: number; ms: number }>();
  private restore: (() => void) | null = null;
  private started = 0;

  /** Patches pg.Client.prototype.query until stop(). */
  start(): this {
    const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = prototype.query;
    const record = (stage: string, ms: number) => this.record(stage, ms);
    prototype.query = function timedQuery(this: unknown, ...args: unknown[]) {
      const first = args[0];
      const sql = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
      const stage = stageOf(sql);
      const started = nowMs();
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...results: unknown[]) => {
          record(stage, nowMs() - started);
          return (last as (...values: unknown[]) => unknown)(...results);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => record(stage, nowMs() - started),
          () => record(stage, nowMs() - started),
        );
      }
      return result;
    };
    this.restore = () => {
      prototype.query = original;
    };
    this.started = nowMs();
    return this;
  }

  record(stage: string, ms: number): void {
    const entry = this.totals.get(stage) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    this.totals.set(stage, entry);
  }

  /** Times `work` under `stage` (for non-SQL stages). */
  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = nowMs();
    try {
      return await work();
    } finally {
      this.record(stage, nowMs() - started);
    }
  }

  /** Restores pg and returns the stages by time, with the wall time not spent in any timed stage when `remainder` is named. */
  stop(remainder?: string): { wallSeconds: number; stages: StageTiming[] } {
    this.restore?.();
    this.restore = null;
    const wallMs = nowMs() - this.started;
    const stages = [...this.totals.entries()].map(([stage, entry]) => ({
      stage,
      calls: entry.calls,
      seconds: round(entry.ms / 1000, 3),
      share: round(entry.ms / wallMs, 3),
    }));
    if (remainder) {
      const timed = [...this.totals.values()].reduce((sum, entry) => sum + entry.ms, 0);
      stages.push({ stage: remainder, calls: 0, seconds: round((wallMs - timed) / 1000, 3), share: round((wallMs - timed) / wallMs, 3) });
    }
    return { wallSeconds: round(wallMs / 1000, 2), stages: stages.sort((a, b) => b.seconds - a.seconds) };
  }
}

export function formatStages(stages: StageTiming[], perUnit?: { count: number; name: string }): string {
  return stages
    .map((stage) => {
      const per = perUnit ? `  ${((stage.seconds * 1000) / perUnit.count || 0).toFixed(3).padStart(8)} ms/${perUnit.name}` : '';
      return `    ${(stage.share * 100).toFixed(1).padStart(6)}%  ${stage.seconds.toFixed(2).padStart(8)} s  ${String(stage.calls).padStart(7)} calls${per}  ${stage.stage}`;
    })
    .join('\n');
}
