import autocannon from 'autocannon';
import { Samples, round, type LatencySummary } from './stats.js';

export interface HttpRunResult {
  /** 2xx answers per second. */
  opsPerSec: number;
  latency: LatencySummary;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Mean body bytes of a 2xx answer. */
  meanBytes: number;
  samples: Samples;
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  /** Called for every request: its path and (for POST) its body. */
  next(): { path: string; body?: string };
  token: string;
}

/**
 * autocannon against `url` for `seconds` (after a `warmupSeconds` run whose numbers are
 * dropped). Latencies come from autocannon's per-response hrtime, kept at full
 * precision (its own histogram has 1 ms resolution); only 2xx answers are counted.
 */
export async function httpRun(url: string, spec: HttpRequestSpec, connections: number, seconds: number, warmupSeconds = 1): Promise<HttpRunResult> {
  if (warmupSeconds > 0) await cannon(url, spec, connections, warmupSeconds);
  return cannon(url, spec, connections, seconds);
}

function cannon(url: string, spec: HttpRequestSpec, connections: number, seconds: number): Promise<HttpRunResult> {
  const samples = new Samples();
  let bytes = 0;
  let firstFailure: string | null = null;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
        requests: [
          {
            method: spec.method,
            setupRequest: (request) => {
              const { path, body } = spec.next();
              return { ...request, path, body };
            },
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && firstFailure === null) firstFailure = `${status} ${body.slice(0, 300)}`;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (firstFailure) process.stderr.write(`  first non-2xx answer: ${firstFailure}\n`);
        const ok = result['2xx'];
        resolve({
          opsPerSec: round(ok / result.duration, 1),
          latency: samples.summary(),
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          seconds: result.duration,
          meanBytes: ok > 0 ? Math.round(bytes / ok) : 0,
          samples,
        });
      },
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        samples.add(responseTime);
        bytes += resBytes;
      }
    });
  });
}

/** GETs of `path()` (a new path each request) on one connection: how the query step measures a read. */
export function oneConnectionGets(url: string, token: string, path: () => string, seconds: number): Promise<HttpRunResult> {
  return httpRun(url, { method: 'GET', token, next: () => ({ path: path() }) }, 1, seconds);
}

/** The log line of a read's run: latency, rate, answer size and refusals. */
export function readLine(name: string, run: HttpRunResult): string {
  return `  ${name}: p50 ${run.latency.p50} ms p99 ${run.latency.p99} ms (${run.opsPerSec}/s, ${run.meanBytes} bytes, non-2xx ${run.non2xx})`;
}
