import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo } from '../../support/demo.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';

/** An admin key: never rate limited. */
export const TOKEN = 'hostile-admin-token-0123456789';

/** The built server as a child process on `databaseUrl`, with the demo topics registered. */
export async function startHostileServer(databaseUrl: string, name: string): Promise<{ server: ServerProcess; env: Record<string, string> }> {
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), `stance-ledger-${name}-`)),
    API_KEYS: `root:admin:${TOKEN}`,
    RATE_LIMIT_PER_MIN: '0',
  };
  const server = await startServerProcess(env);
  for (const topic of demo.topics) {
    const response = await fetch(`${server.url}/v1/topics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(topic),
    });
    if (response.status !== 201) throw new Error(`registering ${topic.slug} answered ${response.status}`);
  }
  return { server, env };
}
