import { startServer } from './server.js';

const server = await startServer();
process.stderr.write(`Stance Ledger listening on ${server.url}\n`);
