import chromium from '@sparticuz/chromium';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { shippedDemo } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * What every browser test shares: a real (headless) Chromium — the one @sparticuz/chromium
 * ships inside its npm package — against the real server and database, seeded with the demo
 * through the API; axe-core in the page; screenshots in .test-output/web/ (git-ignored), for a
 * person to look at.
 */
export const SHOTS = join(process.cwd(), '.test-output', 'web');
const AXE = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface BrowserSession {
  server: TestServer;
  browser: Browser;
  page: Page;
  /** Whatever the page reported as an error: a CSP refusal, a failed script, an uncaught exception. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A test server seeded with the shipped demo (topics, actors, statements) through the API. */
export async function seedDemo(server: TestServer): Promise<void> {
  for (const topic of shippedDemo.topics) expect((await server.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  for (const actor of shippedDemo.actors) expect((await server.call('POST', '/v1/actors', { body: actor })).status).toBe(201);
  expect((await server.call('POST', '/v1/statements/batch', { body: { statements: shippedDemo.statements } })).status).toBe(201);
}

/** A server on a fresh database holding the demo, and one page of a fresh browser at 1280 × 900. */
export async function openBrowserSession(): Promise<BrowserSession> {
  mkdirSync(SHOTS, { recursive: true });
  const server = await startTestServer();
  await seedDemo(server);
  const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    server,
    browser,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** A full-page screenshot of this step, as `.test-output/web/<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core, run in the page (evaluated over the DevTools protocol: the page's CSP rightly refuses an injected script tag). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
}

/** Opens the app and signs in with `token` (the app then shows who is signed in, or the refusal). */
export async function signIn(page: Page, server: TestServer, token: string): Promise<void> {
  await page.goto(server.url + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
