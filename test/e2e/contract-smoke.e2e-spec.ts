import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/**
 * The shared contract smoke test (../shared/tools/contract-smoke.mjs), run as it is against
 * a real server on an empty ledger. It lives beside this repository in the workspace; a
 * clone without it reports the test as skipped, by name.
 */
const SMOKE = resolve(process.cwd(), '..', 'shared', 'tools', 'contract-smoke.mjs');
const run = promisify(execFile);
const smokeTest = existsSync(SMOKE) ? test : test.skip;
const name = existsSync(SMOKE)
  ? 'the shared contract smoke test passes against a fresh server'
  : `contract smoke not exercised: ${join('..', 'shared', 'tools', 'contract-smoke.mjs')} is not beside this repository`;

let api: TestServer | null = null;
afterAll(async () => {
  await api?.stop();
});

smokeTest(name, async () => {
  api = await startTestServer();
  const { stdout } = await run(process.execPath, [SMOKE], {
    env: { ...process.env, BASE_URL: api.url, EDITOR_TOKEN: TOKENS.editor, READER_TOKEN: TOKENS.reader },
  });
  const lines = stdout.trim().split('\n');
  expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
  expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
});
