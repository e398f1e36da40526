import { startScriptServer, type ServerChild } from '../lib/processes.js';

/** The typical NestJS service (bench/peers/typical-nest) as a child process on `databaseUrl`; ready once GET /health/live answers. */
export function startTypicalNestPeer(databaseUrl: string, logFile: string, logLevel: string): Promise<ServerChild> {
  return startScriptServer('bench/peers/typical-nest/main.js', '/health/live', { DATABASE_URL: databaseUrl, LOG_LEVEL: logLevel }, logFile);
}
