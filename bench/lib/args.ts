import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Events in the log for the rebuild, scan and query measurements. */
  events: number;
  /** The smaller log size at which the rebuild's peak RSS is also taken (events / 10). */
  smallEvents: number;
  /** Seconds of one measured round of one side of an append comparison (two rounds per side). */
  appendSeconds: number;
  /** Seconds of the HTTP POST run (two rounds, interleaved with the baseline). */
  httpSeconds: number;
  /** Seconds of each GET query run. */
  querySeconds: number;
  /** Events per unit while loading the log. */
  loadUnit: number;
  /** Units in flight while loading the log. */
  loadConcurrency: number;
  quick: boolean;
  /** Also replay the log in process with every SQL statement timed (a second rebuild). */
  profile: boolean;
  /** Pass --cpu-prof to the rebuild and server child processes; profiles go to bench/profiles/. */
  cpuProf: boolean;
  /** Keep the temporary data directory (and the embedded database in it). */
  keep: boolean;
  /** LOG_LEVEL of the server child process (the product's default is info). */
  logLevel: string;
  /** Where the JSON results go. */
  out: string;
}

const USAGE = `usage: npm run bench [-- options]
  --events N          events in the log for rebuild, scan and queries (default 1000000; --quick 100000)
  --quick             a short run: 100k events, shorter measurement windows
  --append-seconds S  seconds per measured round of one side of an append comparison (default 4; --quick 2)
  --http-seconds S    seconds per HTTP POST round (default 8; --quick 4)
  --query-seconds S   seconds per GET query run (default 5; --quick 3)
  --profile           also replay the log in process with each SQL statement timed (one more rebuild)
  --cpu-prof          run the rebuild and server children with --cpu-prof (bench/profiles/)
  --log-level L       LOG_LEVEL of the server child (default info, the product's default)
  --keep              keep the temporary DATA_DIR with its embedded database
  --out FILE          results file (default bench/results.json)
Uses DATABASE_URL's server when set (it creates and drops its scratch databases there),
else starts an embedded PostgreSQL in a temporary DATA_DIR.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'append-seconds': { type: 'string' },
      'http-seconds': { type: 'string' },
      'query-seconds': { type: 'string' },
      'load-unit': { type: 'string' },
      'load-concurrency': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const events = positive(values.events, quick ? 100_000 : 1_000_000, '--events');
  if (events < 10_000) throw new Error('--events must be at least 10000');
  return {
    events,
    smallEvents: Math.round(events / 10),
    appendSeconds: positive(values['append-seconds'], quick ? 2 : 4, '--append-seconds'),
    httpSeconds: positive(values['http-seconds'], quick ? 4 : 8, '--http-seconds'),
    querySeconds: positive(values['query-seconds'], quick ? 3 : 5, '--query-seconds'),
    loadUnit: positive(values['load-unit'], 1000, '--load-unit'),
    loadConcurrency: positive(values['load-concurrency'], 4, '--load-concurrency'),
    quick,
    profile: values.profile ?? false,
    cpuProf: values['cpu-prof'] ?? false,
    keep: values.keep ?? false,
    logLevel: values['log-level'] ?? 'info',
    out: values.out ?? 'bench/results.json',
  };
}

function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
