/** Latency samples in milliseconds. */
export class Samples {
  private values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  merge(other: Samples): Samples {
    const merged = new Samples();
    merged.values = this.values.concat(other.values);
    return merged;
  }

  get count(): number {
    return this.values.length;
  }

  /** Nearest-rank percentile, p in (0, 100]. */
  percentile(p: number): number {
    if (this.values.length === 0) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1];
  }

  summary(): LatencySummary {
    return { count: this.count, p50: round(this.percentile(50), 3), p99: round(this.percentile(99), 3), max: round(this.percentile(100), 3) };
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ThroughputResult {
  /** Completed operations per second over the measured window. */
  opsPerSec: number;
  latency: LatencySummary;
  errors: number;
  seconds: number;
}

/** One run with its raw samples, for combining rounds. */
export interface MeasuredRun extends ThroughputResult {
  samples: Samples;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(a: number, b: number): number {
  return b === 0 ? NaN : round(a / b, 2);
}

/** Milliseconds since an hrtime origin, as a float. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs `concurrency` loops of `operation` for `seconds` after `warmupSeconds`, recording
 * the latency of every operation that starts inside the measured window.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  operation: (worker: number) => Promise<void>,
  options: { warmupSeconds?: number } = {},
): Promise<MeasuredRun> {
  const samples = new Samples();
  let errors = 0;
  let firstError: unknown = null;
  const warmupEnd = nowMs() + (options.warmupSeconds ?? 0.5) * 1000;
  const end = warmupEnd + seconds * 1000;
  let lastFinish = warmupEnd;
  let completed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (;;) {
        const started = nowMs();
        if (started >= end) return;
        try {
          await operation(worker);
        } catch (error) {
          errors += 1;
          firstError ??= error;
          if (errors > 100) throw firstError;
          continue;
        }
        const finished = nowMs();
        if (started >= warmupEnd) {
          samples.add(finished - started);
          completed += 1;
          if (finished > lastFinish) lastFinish = finished;
        }
      }
    }),
  );
  const measured = (lastFinish - warmupEnd) / 1000;
  if (errors > 0) process.stderr.write(`  ${errors} errors, first: ${String(firstError)}\n`);
  return { opsPerSec: round(completed / measured, 1), latency: samples.summary(), errors, seconds: round(measured, 2), samples };
}

/** Combines interleaved rounds of one side: total operations over total time, merged latencies. */
export function combine(rounds: MeasuredRun[]): ThroughputResult {
  let merged = new Samples();
  for (const result of rounds) merged = merged.merge(result.samples);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const ops = rounds.reduce((sum, r) => sum + r.opsPerSec * r.seconds, 0);
  return {
    opsPerSec: round(ops / seconds, 1),
    latency: merged.summary(),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    seconds: round(seconds, 2),
  };
}
