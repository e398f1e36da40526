import { readFileSync } from 'node:fs';

/**
 * Waiting for a server (or PostgreSQL) to start without a fixed wall-clock deadline: on a
 * loaded machine a cold start can take several times as long as alone, and a test that
 * gives up after N seconds fails for being slow, not for being wrong (docs/reliability.md,
 * "Start deadlines"). A start is waited for as long as it makes progress — the process is
 * alive and its CPU time or its output keeps advancing — and fails, with its log, once it
 * has exited or has made no progress at all for `stallMs`.
 */

/** No CPU time and no new output for this long: stuck, not slow. */
export const STALL_MS = 60_000;
/**
 * A bound far above any start seen (the slowest measured: see docs/reliability.md), only so
 * that a process that keeps busy without ever becoming ready (a retry loop) still ends.
 */
export const START_CEILING_MS = 8 * 60_000;
/**
 * Jest timeout for a hook or test that starts servers: above the ceiling, so that a start
 * that fails does so here, with its log, rather than as Jest's bare "Exceeded timeout".
 */
export const START_HOOK_TIMEOUT_MS = 10 * 60_000;

export interface StartWatch {
  /** What is starting, for the error message. */
  what: string;
  /** The pid to watch, once known (a PostgreSQL's postmaster appears a little after pg_ctl runs). */
  pid(): number | undefined;
  /** Why it can no longer start (it exited), or undefined while it may. */
  exited(): string | undefined;
  /** Its output so far (a log), shown when it fails; its growth counts as progress. */
  output(): string;
  /** Resolves true once it is ready (e.g. /health answers 200). */
  ready(): Promise<boolean>;
  stallMs?: number;
  ceilingMs?: number;
  pollMs?: number;
}

/** CPU time (user + system, of the process and its reaped children) in clock ticks, or undefined when it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14–17 of the line, 12–15 after "pid (comm) ".
    return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  } catch {
    return undefined;
  }
}

export interface StartProgress {
  /** Milliseconds from the first check to ready. */
  ms: number;
  /** The longest time without CPU or output progress while waiting. */
  longestStallMs: number;
}

/** Resolves once `ready()`; rejects (with the output) when it exited, stalled for `stallMs`, or passed the ceiling. */
export async function waitForStart(watch: StartWatch): Promise<StartProgress> {
  const stallMs = watch.stallMs ?? STALL_MS;
  const ceilingMs = watch.ceilingMs ?? START_CEILING_MS;
  const pollMs = watch.pollMs ?? 100;
  const started = Date.now();
  let lastProgress = started;
  let longestStallMs = 0;
  let ticks: number | undefined;
  let outputLength = -1;
  const fail = (why: string) => new Error(`${watch.what} ${why}; its output:\n${watch.output()}`);
  for (;;) {
    const gone = watch.exited();
    if (gone) throw fail(`exited before it was ready (${gone})`);
    if (await watch.ready()) return { ms: Date.now() - started, longestStallMs: Math.max(longestStallMs, Date.now() - lastProgress) };
    const now = Date.now();
    const pid = watch.pid();
    const nowTicks = pid === undefined ? undefined : cpuTicks(pid);
    const nowLength = watch.output().length;
    if ((nowTicks !== undefined && nowTicks !== ticks) || nowLength !== outputLength) {
      longestStallMs = Math.max(longestStallMs, now - lastProgress);
      lastProgress = now;
      ticks = nowTicks;
      outputLength = nowLength;
    }
    if (now - lastProgress > stallMs) throw fail(`made no progress (no CPU time, no output) for ${Math.round((now - lastProgress) / 1000)} s: stuck`);
    if (now - started > ceilingMs) throw fail(`was still not ready after ${Math.round((now - started) / 1000)} s, though busy`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
