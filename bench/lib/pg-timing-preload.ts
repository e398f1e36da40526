/**
 * Preloaded into a server child (`node --import …/pg-timing-preload.js`) by `--profile`:
 * times every query of that process by stage (PgTiming). Each SIGUSR2 writes the stages
 * since the previous one to BENCH_PG_TIMING_FILE and starts counting afresh.
 */
import { writeFileSync } from 'node:fs';
import { PgTiming } from './pg-timing.js';

const file = process.env.BENCH_PG_TIMING_FILE;
if (file) {
  let timing = new PgTiming().start();
  process.on('SIGUSR2', () => {
    const snapshot = timing.stop();
    timing = new PgTiming().start();
    writeFileSync(file, JSON.stringify(snapshot));
  });
}
