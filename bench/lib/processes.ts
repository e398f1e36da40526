import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/ of this build: bench/lib/processes.js sits two levels below it. */
export const DIST = fileURLToPath(new URL('../../', import.meta.url));
const TICKS_PER_SECOND = 100;

export interface MemorySample {
  rssMb: number;
  hwmMb: number;
}

/** VmRSS and VmHWM (peak RSS) of a live process, in MB; null once it is gone. */
export function memoryOf(pid: number): MemorySample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** utime + stime (+ those of waited-for children) of a process, in seconds; null once it is gone. */
export function cpuSecondsOf(pid: number, withExitedChildren = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const ticks = Number(fields[11]) + Number(fields[12]) + (withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of a PostgreSQL server: the postmaster, its exited children, and its live backends. */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuSecondsOf(postmasterPid, true) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === postmasterPid) total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The postmaster's pid from its data directory, or null (external server). */
export function postmasterPid(pgDataDir: string): number | null {
  try {
    return Number(readFileSync(`${pgDataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  peakRssMb: number;
  cpuSeconds: number | null;
  /** One sample per second: seconds since start, RSS in MB. */
  rssSeries: [number, number][];
}

/** Runs a script of dist/ to its end, sampling its memory every `sampleMs`. */
export function runNodeScript(script: string, args: string[], env: Record<string, string>, nodeFlags: string[] = [], sampleMs = 50): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeFlags, DIST + script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    let peak = 0;
    let cpu: number | null = null;
    const series: [number, number][] = [];
    let lastSeries = -1;
    const timer = setInterval(() => {
      const memory = memoryOf(child.pid!);
      if (!memory) return;
      peak = Math.max(peak, memory.hwmMb, memory.rssMb);
      cpu = cpuSecondsOf(child.pid!) ?? cpu;
      const second = Math.floor((Date.now() - started) / 1000);
      if (second !== lastSeries) {
        lastSeries = second;
        series.push([second, Math.round(memory.rssMb)]);
      }
    }, sampleMs);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, wallSeconds: (Date.now() - started) / 1000, peakRssMb: Math.round(peak * 10) / 10, cpuSeconds: cpu, rssSeries: series });
    });
  });
}

export interface ServerChild {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node dist/apps/api/src/main.js` on a free port, its stdout and stderr appended to
 * `logFile`; resolves once /health answers 200.
 */
export function startServerChild(env: Record<string, string>, logFile: string, nodeFlags: string[] = [], timeoutMs = 120_000): Promise<ServerChild> {
  return startScriptServer('apps/api/src/main.js', '/health', env, logFile, nodeFlags, timeoutMs);
}

/**
 * Any HTTP server script of dist/ (the product's, or a peer's under bench/peers/) on a
 * free port given as PORT, its output appended to `logFile`; resolves once `readyPath` answers 200.
 */
export async function startScriptServer(
  script: string,
  readyPath: string,
  env: Record<string, string>,
  logFile: string,
  nodeFlags: string[] = [],
  timeoutMs = 120_000,
): Promise<ServerChild> {
  const { freePort } = await import('@app/platform');
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, DIST + script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = () => {
    const text = readFileSync(logFile, 'utf8');
    return text.slice(-8000);
  };
  const url = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${url}${readyPath}`).then(
      (answer) => answer.status === 200,
      () => false,
    );
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy())) {
    const failure = child.exitCode !== null ? `server exited with ${child.exitCode}` : Date.now() > deadline ? `server not ready within ${timeoutMs} ms` : null;
    if (failure) {
      child.kill('SIGKILL');
      throw new Error(`${failure}:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
