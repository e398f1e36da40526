import { ConfigError, type AppConfig } from './config.js';
import { createServer, type AddressInfo } from 'node:net';

/** Exit code of a process that cannot start with its configuration (a bad setting, a taken port). */
export const CONFIG_EXIT = 2;

/** A configuration mistake found at start: one line naming the setting, exit 2. */
export class StartError extends Error {}

/**
 * Fails fast when `PORT` is taken (or not ours to take) on `HOST`, before the database is
 * started: binding it for a moment is the only honest test. The real listen can still lose
 * a race to another process; `describeStartError` words that the same way.
 */
export async function checkPortFree(config: Pick<AppConfig, 'HOST' | 'PORT'>): Promise<void> {
  if (config.PORT === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: config.HOST, port: config.PORT, exclusive: true }, () => probe.close(() => resolve()));
  }).catch((error: unknown) => {
    throw listenError(error, config) ?? error;
  });
}

/** The listen errors a user can fix by changing PORT or HOST, in words; null for any other error. */
export function listenError(error: unknown, { HOST, PORT }: Pick<AppConfig, 'HOST' | 'PORT'>): StartError | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new StartError(`PORT: ${PORT} is already in use on ${HOST} (another process listens there; choose another PORT)`);
    case 'EACCES':
      return new StartError(`PORT: not allowed to listen on port ${PORT} (ports below 1024 need privileges; choose another PORT)`);
    case 'EADDRNOTAVAIL':
      return new StartError(`HOST: ${HOST} is not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartError(`HOST: cannot resolve ${HOST}`);
    default:
      return null;
  }
}

/**
 * A start failure as one line for stderr, and the exit code: a configuration error (a bad
 * setting, a port taken) exits 2; anything else (the database unreachable, …) exits 1 —
 * neither with a stack trace, which tells an operator nothing they can act on.
 */
export function describeStartError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof ConfigError) {
    return { line: error.message.replace(/^invalid configuration — /, ''), exitCode: CONFIG_EXIT };
  }
  if (error instanceof StartError) return { line: error.message, exitCode: CONFIG_EXIT };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `cannot start: ${message.replace(/\s*\n\s*/g, ' ')}`, exitCode: 1 };
}

/** Prints a start failure as one line (`stance-ledger: …`) and ends the process at once. */
export function exitOnStartError(error: unknown): never {
  const { line, exitCode } = describeStartError(error);
  process.stderr.write(`stance-ledger: ${line}\n`);
  process.exit(exitCode);
}

/** The address a listening server is bound to, as a URL (`http://0.0.0.0:3000`, `http://[::1]:3000`). */
export function boundUrl(address: AddressInfo): string {
  return `http://${address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
}

const WILDCARDS = ['0.0.0.0', '::'];

/** A URL to reach a server bound to `host` from this machine, for people: a wildcard address means localhost. */
export function localUrl(host: string, port: number): string {
  return WILDCARDS.includes(host) ? `http://localhost:${port}` : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The same for programs (tests, probes): 127.0.0.1 rather than a name that may resolve to ::1 first. */
export function loopbackUrl(host: string, port: number): string {
  return WILDCARDS.includes(host) ? `http://127.0.0.1:${port}` : localUrl(host, port);
}
