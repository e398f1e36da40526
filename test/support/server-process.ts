import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../libs/platform/src/embedded-postgres.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real server as its own process (`node dist/apps/api/src/main.js`, built by `pretest`),
 * for what an in-process server cannot show: being killed, restarted, shut down.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  return startProcess('dist/apps/api/src/main.js', env, timeoutMs);
}

/** The projector as its own process (`dist/apps/projector/src/main.js`); ready once it logs its start. */
export async function startProjectorProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  return startProcess('dist/apps/projector/src/main.js', env, timeoutMs, (output) => output.includes('projector started'));
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
  isReady?: (output: string) => boolean,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(process.cwd(), script)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (isReady) {
      if (isReady(output)) break;
    } else {
      try {
        if ((await fetch(`${url}/health`)).status === 200) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
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
