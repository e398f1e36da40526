import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../libs/platform/src/embedded-postgres.js';
import { waitForStart } from './start-watch.js';

export { START_HOOK_TIMEOUT_MS } from './start-watch.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real server as its own process (`node dist/apps/api/src/main.js`, built by `pretest`),
 * for what an in-process server cannot show: being killed, restarted, shut down. It is
 * waited for while it makes progress (start-watch.ts), never against a fixed deadline; call
 * it from hooks and tests given `START_HOOK_TIMEOUT_MS`.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess('dist/apps/api/src/main.js', env);
}

/** The projector as its own process (`dist/apps/projector/src/main.js`); ready once it logs its start. */
export async function startProjectorProcess(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess('dist/apps/projector/src/main.js', env, (output) => output.includes('projector started'));
}

async function startProcess(script: string, env: Record<string, string>, isReady?: (output: string) => boolean): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(process.cwd(), script)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForStart({
      what: `${script} (pid ${child.pid})`,
      pid: () => child.pid,
      exited: () => (child.exitCode !== null || child.signalCode !== null ? `exit code ${child.exitCode}, signal ${child.signalCode}` : undefined),
      output: () => output,
      ready: async () => {
        if (isReady) return isReady(output);
        try {
          // A probe that hangs is given up and sent again; the start itself has no deadline.
          return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
        } catch {
          return false; // not listening yet, or no answer to this probe
        }
      },
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    child,
    output: () => output,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
