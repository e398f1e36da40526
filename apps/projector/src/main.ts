import 'reflect-metadata';
import { exitOnStartError, loadConfig } from '@app/platform';
import type { LedgerRuntime } from '@app/runtime';

/**
 * The projections as their own process (scale-out). Run two or more: one leads, the others
 * stand by and take over within half a second when the leader's database session ends.
 * API processes started with PROJECTOR=external follow its progress.
 */
const log = (message: string) => process.stderr.write(JSON.stringify({ level: 'info', msg: message, time: Date.now() }) + '\n');
// A bad setting is one line and exit 2; a database that cannot be reached, one line and exit 1.
let runtime: LedgerRuntime;
try {
  const config = loadConfig();
  // Loaded once the settings are known good: a bad one is reported at once.
  const { LedgerRuntime } = await import('@app/runtime');
  runtime = await LedgerRuntime.start({ config, log, projections: 'embedded' });
} catch (error) {
  exitOnStartError(error);
}
log(`projector started at logPosition ${runtime.projections.status.logPosition} (${runtime.projections.status.leader ? 'leader' : 'standby'})`);

let reportedLeader = runtime.projections.status.leader;
const watch = setInterval(() => {
  const { leader } = runtime.projections.status;
  if (leader !== reportedLeader) log(leader ? 'now the active projector' : 'now a standby');
  reportedLeader = leader;
}, 500);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    clearInterval(watch);
    log(`${signal}: stopping the projector`);
    await runtime.stop();
    process.exit(0);
  });
}
