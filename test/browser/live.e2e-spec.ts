import type { Page } from 'playwright-core';
import { shippedDemo } from '../support/demo.js';
import { TOKENS } from '../support/server.js';
import { openBrowserSession, seriousViolations, shot, signIn, type BrowserSession } from './harness.js';

/**
 * The stance map's live updates from GET /v1/feed, in a real Chromium against the real server
 * and database (test/browser/harness.ts): a statement recorded through the API moves its cell
 * without a reload and marks it "changed"; a correction that keeps the position marks its
 * cell "corrected"; a view of the past does not follow the feed.
 */
const KOREA = '[data-key="KOR/aukus-pillar-ii/KOR"]';
const KOREA_UKRAINE = '[data-key="KOR/ukraine-monitoring-team/none"]';
/** Korea on record in 2024-11 (data/aukus-demo.json): the body each new statement varies. */
const KOREA_ON_RECORD = shippedDemo.statements.find((statement) => statement.statementId === '52e30963-9eb7-5aa1-b46b-6398cf6164fb')!;
const KOREA_UKRAINE_ID = 'b0f36b4e-03f8-5689-9bbc-b1e077419912';

let session: BrowserSession;
let page: Page;

/** A new statement of Korea on Pillar II: another position, date and source than any in the demo (docs/api.md's duplicate rule). */
function koreaSays(position: string, statedAt: string): Record<string, unknown> {
  const { statementId: _, ...body } = KOREA_ON_RECORD;
  return {
    ...body,
    position,
    statedAt,
    summary: `Test: Seoul ${position} joining Pillar II (${statedAt}).`,
    sources: [{ url: `https://example.org/live-test/${statedAt}`, publisher: 'Live test' }],
  };
}

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
  await signIn(page, session.server, TOKENS.reader);
  await page.getByText('rita (reader)').waitFor();
  await page.locator(KOREA, { hasText: 'considering' }).waitFor();
  await page.getByText('Live updates: connected').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('the stance map’s live updates', () => {
  test('a statement recorded through the API moves Korea’s cell without a reload, marked "changed" and told to screen readers', async () => {
    // Gone after a reload: proves the cell changed in this very page.
    await page.evaluate('window.sameDocument = true');
    const recorded = await session.server.call('POST', '/v1/statements', { body: koreaSays('supports', '2025-02') });
    expect(recorded.status).toBe(201);

    await page.locator(KOREA, { hasText: 'supports' }).waitFor();
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    const cell = page.locator(KOREA);
    expect(await cell.textContent()).toContain('since 2025-02');
    expect(await cell.textContent()).toContain('3 statements');
    expect(await cell.getAttribute('class')).toContain('score-4'); // supports, +2
    expect(await cell.getAttribute('class')).toContain('marked-changed');
    expect(await cell.locator('.mark').textContent()).toBe('changed');
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe('KOR on aukus-pillar-ii (target KOR): considering → supports (recorded)');
    // The topics' map names AUKUS's cell on Korea's topic without a mark: only what changed is marked.
    expect(await page.locator('[data-key="aukus/aukus-pillar-ii"] .mark').count()).toBe(0);
    await shot(page, 'live-01-changed');
  });

  test('a correction of a summary alone marks its cell "corrected", not "changed"; axe finds nothing serious with marks shown', async () => {
    const corrected = await session.server.call('POST', `/v1/statements/${KOREA_UKRAINE_ID}/corrections`, {
      body: { changes: { summary: 'The government is exploring a monitoring team for Ukraine (test correction).' }, reason: 'wording' },
    });
    expect(corrected.status).toBe(200);

    await page.locator(`${KOREA_UKRAINE} .mark.corrected`).waitFor();
    const cell = page.locator(KOREA_UKRAINE);
    expect(await cell.locator('.mark').textContent()).toBe('corrected');
    expect(await cell.getAttribute('class')).toContain('marked-corrected');
    expect(await cell.getAttribute('class')).not.toContain('marked-changed');
    expect(await cell.textContent()).toContain('considering');
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe('KOR on ukraine-monitoring-team: considering, corrected (position unchanged)');
    // Korea's Pillar II cell keeps its own mark.
    expect(await page.locator(`${KOREA} .mark`).textContent()).toBe('changed');
    expect(await page.getByText('2 cells marked').count()).toBe(1);
    await shot(page, 'live-02-corrected');
    expect(await seriousViolations(page)).toEqual([]);

    // At 390 px the status, the latest change and "Clear marks" wrap: no sideways page scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'live-02-corrected-390px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('"Clear marks" takes every mark away; the cells keep what they now say', async () => {
    await page.getByRole('button', { name: 'Clear marks' }).click();
    await page.getByRole('button', { name: 'Clear marks' }).waitFor({ state: 'detached' });
    expect(await page.locator('.mark').count()).toBe(0);
    expect(await page.locator('.marked-changed, .marked-corrected').count()).toBe(0);
    expect(await page.locator(KOREA).textContent()).toContain('supports');
  });

  test('as of a past date the map does not follow the feed, while a page at now does', async () => {
    await page.getByLabel('As of (said by)').fill('2024-12-31');
    await page.getByText('Live updates: off').waitFor();
    await page.locator(KOREA, { hasText: '2 statements' }).waitFor();
    expect(await page.locator(KOREA).textContent()).toContain('considering');

    // A second tab at now: when it has the new statement, the feed has delivered it.
    const now = await session.browser.contexts()[0].newPage();
    try {
      await signIn(now, session.server, TOKENS.reader);
      await now.locator(KOREA, { hasText: '3 statements' }).waitFor();
      await now.getByText('Live updates: connected').waitFor();
      // Said before 2024-12-31, so a new read as of then would show it: the past view must not patch it in.
      const recorded = await session.server.call('POST', '/v1/statements', { body: koreaSays('opposes', '2024-12-01') });
      expect(recorded.status).toBe(201);
      await now.locator(KOREA, { hasText: '4 statements' }).waitFor();
      expect(await now.locator(`${KOREA} .mark`).textContent()).toBe('changed');
    } finally {
      await now.close();
    }
    const past = await page.locator(KOREA).textContent();
    expect(past).toContain('considering');
    expect(past).toContain('2 statements');
    expect(await page.locator('.mark').count()).toBe(0);
    await shot(page, 'live-03-past-unchanged');

    // Back at now, the map reads again (the new statement in it) and follows the feed again.
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.locator(KOREA, { hasText: '4 statements' }).waitFor();
    await page.getByText('Live updates: connected').waitFor();
  });

  test('an editor records through the form in another tab: the reader’s map moves the cell live, marked "changed"', async () => {
    // Another tab (its own session: the token is kept per tab), signed in as an editor.
    const editor = await session.browser.contexts()[0].newPage();
    try {
      await signIn(editor, session.server, TOKENS.editor);
      await editor.getByText('alice (editor)').waitFor();
      await editor.getByRole('link', { name: 'Record a statement' }).click();
      await editor.locator('#f-topic option[value="ukraine-monitoring-team"]').waitFor({ state: 'attached' });
      const form = editor.locator('main');
      await form.getByLabel('Holder', { exact: true }).fill('KOR');
      await form.getByLabel('Topic').selectOption('ukraine-monitoring-team');
      await form.getByLabel('Position').selectOption('opposes');
      await form.getByLabel('Speaker’s country').fill('KOR');
      await form.getByLabel('Stated at').fill('2025-03-02');
      await form.getByLabel('Summary').fill('Test: Seoul rules out a monitoring team for Ukraine.');
      await editor.locator('#f-sources-0-url').fill('https://example.org/live-test/form');
      await editor.getByRole('button', { name: 'Record the statement' }).click();
      await editor.waitForURL(/#\/key\/KOR\/ukraine-monitoring-team\/none$/);
    } finally {
      await editor.close();
    }
    // The reader's page, untouched since: the cell moved by the feed alone.
    await page.locator(KOREA_UKRAINE, { hasText: 'opposes' }).waitFor();
    expect(await page.locator(`${KOREA_UKRAINE} .mark`).textContent()).toBe('changed');
    expect(await page.locator(KOREA_UKRAINE).getAttribute('class')).toContain('score-0'); // opposes, −2
    await shot(page, 'live-04-recorded-by-form');
  });

  test('a key’s timeline follows the feed: an older statement recorded through the API joins its history without a reload', async () => {
    await page.evaluate("location.hash = '#/key/KOR/aukus-pillar-ii/KOR'");
    await page.getByRole('heading', { name: 'KOR on aukus-pillar-ii, target KOR' }).waitFor();
    await page.getByText('Live updates: connected').waitFor();
    const steps = page.locator('ol.statements > li');
    await steps.first().waitFor();
    const before = await steps.count();
    await page.evaluate('window.sameDocument = true');
    // Said before every other: the history gains a first step while the position stays where it is.
    const recorded = await session.server.call('POST', '/v1/statements', { body: koreaSays('opposes', '2023-06') });
    expect(recorded.status).toBe(201);

    await page.locator('ol.statements > li', { hasText: 'Test: Seoul opposes joining Pillar II (2023-06).' }).waitFor();
    expect(await steps.count()).toBe(before + 1);
    expect(await steps.first().textContent()).toContain('2023-06');
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    expect(await page.locator('.live-news[aria-live="polite"]').textContent()).toBe('Updated: a statement was recorded.');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'live-05-timeline-follows');
  });

  test('the page reported no error all along (no CSP refusal, no failed request, no exception)', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
