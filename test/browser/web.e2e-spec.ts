import chromium from '@sparticuz/chromium';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { shippedDemo } from '../support/demo.js';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/**
 * The browser view in a real (headless) Chromium — the one @sparticuz/chromium ships inside
 * its npm package — against the real server and database, seeded with the demo through the
 * API. Screenshots of each step go to .test-output/web/ (git-ignored), for a person to look at.
 */
const SHOTS = join(process.cwd(), '.test-output', 'web');
const AXE = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const KOREA = '[data-key="KOR/aukus-pillar-ii/KOR"]';

let server: TestServer;
let browser: Browser;
let page: Page;
/** Whatever the page reported as an error: a CSP refusal, a failed script, an uncaught exception. */
const pageErrors: string[] = [];

async function seedDemo(): Promise<void> {
  for (const topic of shippedDemo.topics) expect((await server.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  for (const actor of shippedDemo.actors) expect((await server.call('POST', '/v1/actors', { body: actor })).status).toBe(201);
  expect((await server.call('POST', '/v1/statements/batch', { body: { statements: shippedDemo.statements } })).status).toBe(201);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core, run in the page (evaluated over the DevTools protocol: the page's CSP rightly refuses an injected script tag). */
async function seriousViolations(): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
}

/** Waits until Korea's cell on the map says `text` (the map reloads on each change of a control). */
async function koreaSays(text: string): Promise<void> {
  await page.locator(KOREA, { hasText: text }).waitFor();
}

async function signIn(token: string): Promise<void> {
  await page.goto(server.url + '/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo();
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the browser view', () => {
  test('/ is the app under a strict CSP; its assets under /ui/ are cached for good; any other unknown path is still the 404 problem', async () => {
    const index = await fetch(server.url + '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    const html = await index.text();
    const script = /src="(\/ui\/app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from another host

    const asset = await fetch(server.url + script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    for (const path of ['/ui/app-NOTBUILT.js', '/ui/..%2Findex.html', '/nothing-here', '/ui']) {
      const missing = await server.call('GET', path, { role: null });
      expect([path, missing.status, missing.headers.get('content-type')]).toEqual([path, 404, 'application/problem+json; charset=utf-8']);
      expect(missing.body.type).toBe('urn:stance-ledger:not-found');
    }
  });

  test('sign-in: an unknown token is told at the field; a reader sees the demo map — Korea and AUKUS — and no form', async () => {
    await signIn('not-a-known-token-000000');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not known');
    await shot('01-sign-in-refused');
    expect(await seriousViolations()).toEqual([]);

    await page.getByLabel('API token').fill(TOKENS.reader);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('rita (reader)').waitFor();
    await page.locator(KOREA).waitFor();
    expect(await page.locator(KOREA).textContent()).toContain('considering');
    expect(await page.locator(KOREA).textContent()).toContain('since 2024-04-10');
    expect(await page.locator(KOREA).textContent()).toContain('2 statements');
    expect(await page.locator(KOREA).textContent()).toContain('last on record');
    expect(await page.locator('[data-key="aukus/aukus-pillar-ii"]').textContent()).toContain('4 targets');
    expect(await page.locator(KOREA).getAttribute('class')).toContain('score-3'); // considering, +1
    expect(await page.locator('form').count()).toBe(0);
    await shot('02-map');
    expect(await seriousViolations()).toEqual([]);
  });

  test('the filters: attribution is the API’s (Korea counts only what it said on record), holder kind picks rows', async () => {
    await page.getByLabel('on record').check();
    await koreaSays('since 2024-11');
    expect(await page.locator(KOREA).textContent()).toContain('1 statement');
    await page.getByLabel('on record').uncheck();
    await koreaSays('2 statements');

    await page.getByLabel('Holder kind').selectOption('organization');
    await page.locator('[data-key="aukus/aukus-pillar-ii"]').waitFor();
    expect(await page.locator(KOREA).count()).toBe(0);
    await page.getByLabel('Holder kind').selectOption('');
    await page.locator(KOREA).waitFor();
  });

  test('time travel: as of 2024-04-10, Korea’s cell holds only what the Foreign Ministry’s sources said', async () => {
    await page.getByLabel('As of (said by)').fill('2024-04-10');
    await koreaSays('last anonymous sources');
    expect(await page.locator(KOREA).textContent()).toContain('1 statement');
    await shot('03-map-as-of-2024-04-10');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await koreaSays('2 statements');
  });

  test('known at a time before anything was recorded, the map is empty: the ledger knew nothing then', async () => {
    await page.getByLabel('Known at (recorded by)').fill('2020-01-01T00:00');
    await page.getByText('No stance matches.').waitFor();
    expect(await page.locator('.cell').count()).toBe(0);
    await page.getByRole('button', { name: 'Back to now' }).click();
    await koreaSays('2 statements');
  });

  test('by keyboard, a cell opens its key’s timeline: steps, the month-precision span, each statement with its speaker and sources', async () => {
    await page.locator(KOREA).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'KOR on aukus-pillar-ii, target KOR' }).waitFor();
    await page.locator('ol.statements > li').nth(1).waitFor();
    expect(await page.locator('ol.statements > li').count()).toBe(2);
    const text = await page.locator('ol.statements').textContent();
    expect(text).toContain('Kim Tae-hyo');
    expect(text).toContain('anonymous sources');
    expect(await page.locator('svg rect.span').count()).toBe(1); // "2024-11": known only to the month
    expect(await page.locator('svg path.step').count()).toBe(1);
    await shot('04-timeline-korea');
    expect(await seriousViolations()).toEqual([]);

    // The timeline obeys the same time control as the map.
    await page.getByLabel('As of (said by)').fill('2024-04-10');
    await page.locator('ol.statements > li:only-child').waitFor();
    expect(await page.locator('ol.statements').textContent()).toContain('anonymous sources');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.locator('ol.statements > li').nth(1).waitFor();
  });

  test('a flip is marked: AUKUS on Korea moved from considering to supports (a half flip)', async () => {
    await page.goto(server.url + '/#/key/aukus/aukus-pillar-ii/KOR');
    await page.locator('ol.statements > li[data-change="half_flip"]').waitFor();
    expect(await page.locator('ol.statements > li[data-change="half_flip"]').textContent()).toContain('half flip');
    expect(await page.locator('svg .marker title').allTextContents()).toContain('2024-11: supports, half flip');
    await shot('05-timeline-aukus-korea');
    expect(await seriousViolations()).toEqual([]);
  });

  test('at 390 px the map fits the width (the grid scrolls inside itself) and stays accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + '/#/map');
    await page.locator(KOREA).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('06-map-390px');
    expect(await seriousViolations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('the page reported no error all along (no CSP refusal, no failed script) but the refused sign-in’s 401', () => {
    expect(pageErrors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });
});
