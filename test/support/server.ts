import { loadConfig } from '@app/platform';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../apps/api/src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TOKENS = {
  admin: 'admin-token-0123456789abcdef',
  editor: 'editor-token-0123456789abcdef',
  reader: 'reader-token-0123456789abcdef',
};

export interface TestServer {
  url: string;
  server: RunningServer;
  db: TestDatabase;
  /** fetch against the server with the given role's token (default editor). */
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export interface CallOptions {
  role?: keyof typeof TOKENS | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** The real HTTP server in this process, on a fresh database of the test PostgreSQL. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase('e2e');
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-')),
    API_KEYS: `root:admin:${TOKENS.admin},alice:editor:${TOKENS.editor},rita:reader:${TOKENS.reader}`,
    RATE_LIMIT_PER_MIN: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer({ config, log: () => undefined });
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const role = options.role === undefined ? 'editor' : options.role;
    if (role) headers.authorization = `Bearer ${TOKENS[role]}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(server.url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return {
    url: server.url,
    server,
    db,
    call,
    async stop() {
      await server.close();
      await db.drop();
    },
  };
}
