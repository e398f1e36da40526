import { spawn, type ChildProcess } from 'node:child_process';
import { waitForStart } from './start-watch.js';

/**
 * The e2e tests wait for a server to start while it makes progress, not against a fixed
 * deadline (issue: two durability tests failed on a loaded machine with a fixed 30 s). Here
 * with small numbers: a start that is slow but busy is waited for well past the stall
 * window; one that is stuck, or exits, fails with its output.
 */

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** A child running `script`; "ready" once it prints READY. */
function watch(script: string, stallMs: number) {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return waitForStart({
    what: 'the child',
    pid: () => child.pid,
    exited: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : undefined),
    output: () => output,
    ready: async () => output.includes('READY'),
    stallMs,
    pollMs: 50,
  });
}

test('a start that is slow but busy (CPU time advancing, no output) is waited for past the stall window', async () => {
  // 1 s of CPU before it is ready (several times that on a loaded machine): twice the stall
  // window at least, and a fixed 500 ms deadline would have failed it.
  // It stays alive once ready, as a server does: a child that exited between two polls would
  // (rightly) count as exited, not ready.
  const progress = await watch(`const t = process.cpuUsage(); while (process.cpuUsage(t).user < 1e6); console.log('READY'); setInterval(() => {}, 1000)`, 500);
  expect(progress.ms).toBeGreaterThan(1000);
});

test('a start that is stuck (no CPU time, no output) fails once the stall window passes, with its output', async () => {
  const started = Date.now();
  await expect(watch(`console.log('waiting for a lock'); setTimeout(() => {}, 60_000)`, 1500)).rejects.toThrow(
    /made no progress \(no CPU time, no output\) for \d+ s: stuck; its output:\nwaiting for a lock/,
  );
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('a start that exits fails at once, with its output', async () => {
  await expect(watch(`console.error('PORT is taken'); process.exit(2)`, 60_000)).rejects.toThrow(
    /exited before it was ready \(exit code 2\); its output:\nPORT is taken/,
  );
});
