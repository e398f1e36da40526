import type { HttpRunResult } from './http.js';
import { round } from './stats.js';

/** Interleaved rounds of one side as one run: 2xx answers over the total time, every latency kept. */
export function combineHttp(runs: HttpRunResult[]): HttpRunResult {
  let samples = runs[0].samples;
  for (const run of runs.slice(1)) samples = samples.merge(run.samples);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    opsPerSec: round(runs.reduce((sum, run) => sum + run.opsPerSec * run.seconds, 0) / seconds, 1),
    latency: samples.summary(),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    seconds,
    meanBytes: Math.round(runs.reduce((sum, run) => sum + run.meanBytes, 0) / runs.length),
    samples,
  };
}

/** A run's figures without its raw latencies (for results.json). */
export function stripSamples(run: HttpRunResult): Omit<HttpRunResult, 'samples'> {
  const { samples: _samples, ...rest } = run;
  return rest;
}
