import type { Page } from 'playwright-core';
import { TOKENS } from '../support/server.js';
import { openBrowserSession, seriousViolations as violationsOn, shot as shotOf, signIn as signInOn, type BrowserSession } from './harness.js';

/**
 * The browser view in a real (headless) Chromium against the real server and database, seeded
 * with the demo through the API (test/browser/harness.ts): sign-in, the stance map, its
 * filters and time controls, a key's timeline.
 */
const KOREA = '[data-key="KOR/aukus-pillar-ii/KOR"]';

let session: BrowserSession;
let page: Page;

const shot = (name: string) => shotOf(page, name);
const seriousViolations = () => violationsOn(page);
const signIn = (token: string) => signInOn(page, session.server, token);

/** Waits until Korea's cell on the map says `text` (the map reloads on each change of a control). */
async function koreaSays(text: string): Promise<void> {
  await page.locator(KOREA, { hasText: text }).waitFor();
}

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('the browser view', () => {
  test('/ is the app under a strict CSP; its assets under /ui/ are cached for good; any other unknown path is still the 404 problem', async () => {
    const index = await fetch(session.server.url + '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    const html = await index.text();
    const script = /src="(\/ui\/app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from another host

    const asset = await fetch(session.server.url + script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    for (const path of ['/ui/app-NOTBUILT.js', '/ui/..%2Findex.html', '/nothing-here', '/ui']) {
      const missing = await session.server.call('GET', path, { role: null });
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
    await page.goto(session.server.url + '/#/key/aukus/aukus-pillar-ii/KOR');
    await page.locator('ol.statements > li[data-change="half_flip"]').waitFor();
    expect(await page.locator('ol.statements > li[data-change="half_flip"]').textContent()).toContain('half flip');
    expect(await page.locator('svg .marker title').allTextContents()).toContain('2024-11: supports, half flip');
    await shot('05-timeline-aukus-korea');
    expect(await seriousViolations()).toEqual([]);
  });

  test('at 390 px the map and a timeline fit the width (the grid scrolls inside itself) and stay accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(session.server.url + '/#/map');
    await page.locator(KOREA).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('06-map-390px');
    expect(await seriousViolations()).toEqual([]);

    await page.goto(session.server.url + '/#/key/KOR/aukus-pillar-ii/KOR');
    await page.locator('ol.statements > li').nth(1).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('07-timeline-390px');
    expect(await seriousViolations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('the page reported no error all along (no CSP refusal, no failed script) but the refused sign-in’s 401', () => {
    expect(session.pageErrors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });
});
