import type { AddressInfo } from 'node:net';
import { boundUrl, checkPortFree, exitOnStartError, loadConfig, localUrl, onShutdownSignal } from '@app/platform';
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
/**
 * SIGTERM/SIGINT: stop taking new requests (503), let those in flight finish, stop the
 * projector and the store, then the embedded PostgreSQL. Installed before the line below
 * says the server is up, so that a signal sent on reading it is never lost.
 */
onShutdownSignal(async (signal) => {
  process.stderr.write(`${signal}: draining requests in flight, then stopping\n`);
  await server.close();
});
// The address the socket is bound to (every interface unless HOST says otherwise), and where to open it.
const address = server.app.getHttpServer().address() as AddressInfo;
const bound = boundUrl(address);
// Where a person opens it: the API's own reference page, and on a line of its own (so the
// first reads as before) the browser view; one write, so a reader of the first sees both.
const open = localUrl(server.runtime.config.HOST, address.port);
process.stderr.write(`Stance Ledger listening on ${bound} — API reference at ${open}/docs\nBrowser view at ${open}/\n`);
