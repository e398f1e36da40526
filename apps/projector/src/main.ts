import 'reflect-metadata';
import { exitOnStartError, loadConfig, onShutdownSignal } from '@app/platform';
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
let reportedLeader = false;
const watch = setInterval(() => {
  const { leader } = runtime.projections.status;
  if (leader !== reportedLeader) log(leader ? 'now the active projector' : 'now a standby');
  reportedLeader = leader;
}, 500);
// Before the line that says it started, so that a signal sent on reading it is never lost.
onShutdownSignal(async (signal) => {
  clearInterval(watch);
  log(`${signal}: stopping the projector`);
  await runtime.stop();
});
reportedLeader = runtime.projections.status.leader;
log(`projector started at logPosition ${runtime.projections.status.logPosition} (${reportedLeader ? 'leader' : 'standby'})`);
