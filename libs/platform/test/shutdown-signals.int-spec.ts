import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A process that has just said it is ready, and is sent SIGTERM in that instant, must still
 * shut down. The instant is forced here: the signal reaches the process (as `kill` to itself
 * delivers it at once) while another package's listener is still installed — the embedded
 * PostgreSQL package's exit hook is, in every server — and only then is the shutdown
 * handler installed. Runs the built module, as the servers do.
 */
async function signalledWhileInstalling(install: string): Promise<{ code: number; stderr: string }> {
  const script = `
    const { onShutdownSignal } = await import(${JSON.stringify(`${process.cwd()}/dist/libs/platform/src/shutdown-signals.js`)});
    process.on('SIGTERM', () => process.stderr.write('the other listener ran\\n'));
    process.kill(process.pid, 'SIGTERM');
    ${install}
    setTimeout(() => { process.stderr.write('still running\\n'); process.exit(3); }, 5000);
  `;
  try {
    const { stderr } = await run(process.execPath, ['--input-type=module', '-e', script]);
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

test('a SIGTERM that arrives as the shutdown handler is installed runs the shutdown, and only ours', async () => {
  const result = await signalledWhileInstalling(`onShutdownSignal(async (signal) => process.stderr.write('shutdown on ' + signal + '\\n'));`);
  expect(result).toEqual({ code: 0, stderr: 'shutdown on SIGTERM\n' });
});

test('(the race it closes: removing the listeners first, then adding ours, loses that signal)', async () => {
  const result = await signalledWhileInstalling(`process.removeAllListeners('SIGTERM'); process.on('SIGTERM', () => process.exit(0));`);
  expect(result).toEqual({ code: 3, stderr: 'still running\n' });
});

test('a shutdown that fails exits 1 with a line', async () => {
  const result = await signalledWhileInstalling(`onShutdownSignal(async () => { throw new Error('pool would not end'); });`);
  expect(result).toEqual({ code: 1, stderr: 'shutdown failed: Error: pool would not end\n' });
});
