import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/**
 * The contract smoke test (test/support/contract-smoke.mjs: the checks of docs/api.md a
 * client would make first), run as a user runs it — its own process, plain Node, over HTTP —
 * against a real server on an empty ledger.
 */
const SMOKE = resolve(process.cwd(), 'test', 'support', 'contract-smoke.mjs');
const run = promisify(execFile);

let api: TestServer | null = null;
afterAll(async () => {
  await api?.stop();
});

test('the contract smoke test passes against a fresh server', async () => {
  api = await startTestServer();
  const { stdout } = await run(process.execPath, [SMOKE], {
    env: { ...process.env, BASE_URL: api.url, EDITOR_TOKEN: TOKENS.editor, READER_TOKEN: TOKENS.reader },
  });
  const lines = stdout.trim().split('\n');
  expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
  expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  expect(Number(lines.at(-1)!.split(' ')[0])).toBeGreaterThanOrEqual(9);
});
