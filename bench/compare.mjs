#!/usr/bin/env node
/**
 * `node bench/compare.mjs --old DIR --new DIR [--rounds 5] [-- bench options]`
 *
 * Runs `npm run bench` (by default with `--quick`) on two built checkouts of Stance Ledger,
 * interleaved (old, new, new, old, old, new, …, so that a machine growing busier or quieter
 * favours neither), and prints each figure's median per side and new ÷ old. A single round
 * varies by ±25% on a shared 2-core machine; medians of several interleaved rounds are what
 * a "no more than 10% worse" claim may quote. Each checkout needs `npm run build` first
 * (`dist/bench/run.js`); their results files go to a temporary directory, printed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { old: { type: 'string' }, new: { type: 'string' }, rounds: { type: 'string', default: '5' }, help: { type: 'boolean' } },
  allowPositionals: true,
});
if (values.help || !values.old || !values.new) {
  process.stdout.write('usage: node bench/compare.mjs --old DIR --new DIR [--rounds N] [-- bench options (default --quick)]\n');
  process.exit(values.help ? 0 : 2);
}
const rounds = Number(values.rounds);
const benchArgs = positionals.length > 0 ? positionals : ['--quick'];
const sides = { old: resolve(values.old), new: resolve(values.new) };
const out = mkdtempSync(join(tmpdir(), 'stance-ledger-compare-'));

/** What is compared: a name, where it is in results.json, and whether more is better. */
const appendsAt = (r, n) => r.appends.find((a) => a.concurrency === n);
const FIGURES = [
  ['store appends/s at 32 ÷ INSERT baseline', (r) => appendsAt(r, 32).store.opsPerSec / appendsAt(r, 32).baseline.opsPerSec, 'higher'],
  ['store append p50 at 1 ÷ INSERT baseline p50', (r) => appendsAt(r, 1).store.latency.p50 / appendsAt(r, 1).baseline.latency.p50, 'lower'],
  ['store appends/s at 32', (r) => appendsAt(r, 32).store.opsPerSec, 'higher'],
  ['HTTP POST/s ÷ INSERT baseline', (r) => r.http.post.opsPerSec / r.http.baseline.opsPerSec, 'higher'],
  ['HTTP POST/s', (r) => r.http.post.opsPerSec, 'higher'],
  ['HTTP POST p99 (ms)', (r) => r.http.post.latency.p99, 'lower'],
  ['bulk batch statements/s', (r) => r.http.bulk?.statementsPerSec ?? NaN, 'higher'],
  ['rebuild events/s (large)', (r) => r.rebuild.large.eventsPerSec, 'higher'],
  ['rebuild ÷ raw scan', (r) => r.rebuild.large.eventsPerSec / r.scan.rowsPerSec, 'higher'],
  ['rebuild peak RSS (MB, large)', (r) => r.rebuild.large.peakRssMb, 'lower'],
  ['GET /v1/stances?topic= p50 (ms)', (r) => r.queries.stancesByTopic.latency.p50, 'lower'],
  ['GET /v1/stances?topic= p99 (ms)', (r) => r.queries.stancesByTopic.latency.p99, 'lower'],
  ['GET /v1/stances/history p50 (ms)', (r) => r.queries.history.latency.p50, 'lower'],
  ['GET /v1/stances/history p99 (ms)', (r) => r.queries.history.latency.p99, 'lower'],
];

const results = { old: [], new: [] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  for (const side of order) {
    const file = join(out, `${side}-${round + 1}.json`);
    process.stderr.write(`round ${round + 1}/${rounds}: ${side} (${sides[side]})\n`);
    const run = spawnSync(process.execPath, ['dist/bench/run.js', ...benchArgs, '--out', file], { cwd: sides[side], stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) {
      process.stderr.write(`the ${side} bench failed (exit ${run.status}); see above\n`);
      process.exit(1);
    }
    results[side].push(JSON.parse(readFileSync(file, 'utf8')));
  }
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '—');
const lines = [`| figure (${rounds} interleaved rounds, medians) | old | new | new ÷ old | worse by |`, '|---|---|---|---|---|'];
let worst = 0;
for (const [name, of, better] of FIGURES) {
  const o = median(results.old.map(of));
  const n = median(results.new.map(of));
  const change = n / o;
  const worse = better === 'higher' ? 1 / change - 1 : change - 1;
  if (Number.isFinite(worse)) worst = Math.max(worst, worse);
  lines.push(`| ${name} | ${fmt(o)} | ${fmt(n)} | ${fmt(change)} | ${Number.isFinite(worse) && worse > 0 ? `${(worse * 100).toFixed(1)}%` : '—'} |`);
}
const loads = [...results.old, ...results.new].map((r) => r.machine.loadAverageAtStart[0]);
process.stdout.write(
  `${lines.join('\n')}\n\nworst: ${(worst * 100).toFixed(1)}% worse; load average at the rounds' starts ${Math.min(...loads)}–${Math.max(...loads)}; results in ${out}\n`,
);
