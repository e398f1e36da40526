import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { shippedDemo } from '../support/demo.js';
import { TOKENS } from '../support/server.js';
import { openBrowserSession, seriousViolations as violationsOn, shot as shotOf, signIn, type BrowserSession } from './harness.js';

/**
 * A statement's page and the search, in a real Chromium against the real server and database
 * seeded with the demo (test/browser/harness.ts): search a word → a result → its page; a
 * correction's versions and change log; its events' hashes; verify the chain; a signed
 * checkpoint downloaded; a refused search marked at its field.
 */
const UKRAINE = shippedDemo.statements.find((statement) => statement.topic === 'ukraine-monitoring-team')!;
const REASON = 'The government is only exploring it: hedged, not firm.';

let session: BrowserSession;
let page: Page;

const shot = (name: string) => shotOf(page, `statement-${name}`);
const seriousViolations = () => violationsOn(page);
const go = (hash: string) => page.goto(`${session.server.url}/${hash}`);

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
  await signIn(page, session.server, TOKENS.reader);
  await page.getByText('rita (reader)').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('search and a statement’s page', () => {
  test('a reader searches a word from the header’s Search: one result, linked to its page and its key’s timeline; the search is in the link', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search statements' }).waitFor();
    await page.getByLabel('Words').fill('monitoring');
    await page.getByLabel('Holder').fill('KOR');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('ol.results > li').first().waitFor();
    expect(new URL(page.url()).hash).toBe('#/search?q=monitoring&holder=KOR');
    expect(await page.locator('ol.results > li').count()).toBe(1);
    const result = page.locator('ol.results > li');
    expect(await result.textContent()).toContain('exploring sending a monitoring team to Ukraine');
    expect(await result.getByRole('link', { name: /Timeline of KOR on ukraine-monitoring-team/ }).getAttribute('href')).toBe(
      '#/key/KOR/ukraine-monitoring-team/none',
    );
    await shot('01-search');
    expect(await seriousViolations()).toEqual([]);

    await result.getByRole('link', { name: /2024-11 — KOR: considering on ukraine-monitoring-team/ }).click();
    await page.getByRole('heading', { name: 'KOR: considering on ukraine-monitoring-team' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/statement/${UKRAINE.statementId}`);
  });

  test('the page shows every field a reader cares about, with its sources as safe links and a link to the key’s timeline', async () => {
    const fields = page.locator('dl.fields').first();
    await fields.waitFor();
    const text = await fields.textContent();
    expect(text).toContain('Kim Tae-hyo, First Deputy Director, National Security Office, KOR');
    expect(text).toContain('2024-11 (known to the month)');
    expect(text).toContain('on record');
    expect(text).toContain('firm');
    expect(text).toContain('by alice'); // recorded by the demo's seeding editor
    const sources = fields.locator('.sources a');
    expect(await sources.count()).toBeGreaterThan(0);
    for (const rel of await sources.evaluateAll((links) => links.map((link) => link.getAttribute('rel')))) expect(rel).toBe('noopener noreferrer');
    expect(await page.getByRole('link', { name: 'The timeline of KOR on ukraine-monitoring-team' }).getAttribute('href')).toBe(
      '#/key/KOR/ukraine-monitoring-team/none',
    );
    expect(await page.locator('ol.versions > li').count()).toBe(1);
    // A reader is offered no form: no link to correct or retract.
    expect(await page.getByRole('link', { name: /^(Correct this statement|Retract it)$/ }).count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);
  });

  test('after a correction through the API, the page shows two versions and the change log: the reason, who, and the field’s old → new', async () => {
    const corrected = await session.server.call('POST', `/v1/statements/${UKRAINE.statementId}/corrections`, {
      body: { changes: { modality: 'hedged' }, reason: REASON },
    });
    expect(corrected.status).toBe(200);
    await page.reload();
    await page.locator('ol.versions > li').nth(1).waitFor();
    expect(await page.locator('ol.versions > li').count()).toBe(2);
    expect(await page.locator('ol.versions > li').nth(0).textContent()).toContain('Revision 0, recorded');
    expect(await page.locator('ol.versions > li').nth(1).textContent()).toContain('Revision 1, corrected');
    // What each version said: the first was firm, the second hedged.
    await page.getByText('What revision 0 said').click();
    expect(await page.locator('ol.versions > li').nth(0).locator('dl.fields').textContent()).toMatch(/Modality\s*firm/);
    await page.getByText('What revision 1 said').click();
    expect(await page.locator('ol.versions > li').nth(1).locator('dl.fields').textContent()).toMatch(/Modality\s*hedged/);
    expect(await page.locator('dl.fields').first().textContent()).toMatch(/Modality\s*hedged/);

    const correction = page.locator('ol.change-log > li[data-type="StatementCorrected"]');
    expect(await correction.textContent()).toContain(`Reason: ${REASON}`);
    expect(await correction.textContent()).toContain('corrected by alice');
    expect(await correction.locator('tbody tr').allTextContents()).toEqual(['/modalityfirmhedged']);
    expect(await page.locator('ol.versions > li').nth(1).locator('.what-changed').textContent()).toBe(`Changed /modality: firm → hedged. Why: ${REASON}`);
    await shot('02-corrected');
    expect(await seriousViolations()).toEqual([]);
  });

  test('its events are listed with their hashes, the correction’s prevHash chaining to the log before it', async () => {
    const rows = page.locator('table.events tbody tr');
    expect(await rows.count()).toBe(2);
    const hashes = await page.locator('table.events .hash').allTextContents();
    expect(hashes).toHaveLength(6); // dataHash, prevHash, hash of each event
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const events = (await session.server.call('GET', `/v1/statements/${UKRAINE.statementId}/events`)).body.items;
    expect(hashes).toEqual(events.flatMap((event: { dataHash: string; prevHash: string; hash: string }) => [event.dataHash, event.prevHash, event.hash]));
    expect(await rows.nth(1).textContent()).toContain('StatementCorrected');
    // The correction's prevHash is the hash of the log's event just before it (whatever stream that was).
    const before = (await session.server.call('GET', `/v1/events?after=${events[1].logPosition - 2}&limit=1`)).body.items[0];
    expect(hashes[4]).toBe(before.hash);
  });

  test('“Verify the chain” announces that the log is intact, with the count of events checked', async () => {
    const verified = (await session.server.call('GET', '/v1/audit/verify')).body;
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    const status = page.locator('.verify-result[role="status"]');
    await status.filter({ hasText: 'intact' }).waitFor();
    expect(await status.textContent()).toContain(`${verified.eventsChecked} events checked`);
    expect(await status.textContent()).toContain(verified.head.hash);
  });

  test('“Download a signed checkpoint” saves checkpoint-<position>.json, the signed head of the log', async () => {
    const head = (await session.server.call('GET', '/v1/audit/verify')).body.head;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a signed checkpoint' }).click()]);
    expect(download.suggestedFilename()).toBe(`checkpoint-${head.logPosition}.json`);
    const checkpoint = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(checkpoint).toMatchObject({ logPosition: head.logPosition, hash: head.hash });
    expect(checkpoint.signature).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(checkpoint.publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    await page.getByRole('link', { name: `Save checkpoint-${head.logPosition}.json again` }).waitFor();
    await shot('03-audit');
    expect(await seriousViolations()).toEqual([]);
  });

  test('a retracted statement is shown loudly: a banner, its last version RETRACTED, the retraction’s reason in the change log', async () => {
    const china = shippedDemo.statements.find((statement) => statement.holder === 'CHN')!;
    const retracted = await session.server.call('POST', `/v1/statements/${china.statementId}/retraction`, { body: { reason: 'Filed under the wrong topic.' } });
    expect(retracted.status).toBe(200);
    await go(`#/statement/${china.statementId}`);
    await page.locator('.retracted-banner').waitFor();
    expect(await page.locator('.retracted-banner').textContent()).toContain('Retracted');
    expect(await page.locator('ol.versions > li').nth(1).textContent()).toContain('RETRACTED');
    expect(await page.locator('ol.change-log > li[data-type="StatementRetracted"]').textContent()).toContain('Reason: Filed under the wrong topic.');
    await shot('03b-retracted');
    expect(await seriousViolations()).toEqual([]);
  });

  test('the key’s timeline links each statement to its page', async () => {
    await go('#/key/KOR/ukraine-monitoring-team/none');
    await page.locator('ol.statements > li').first().waitFor();
    await page.locator('ol.statements').getByRole('link', { name: '2024-11 — considering' }).click();
    await page.getByRole('heading', { name: 'KOR: considering on ukraine-monitoring-team' }).waitFor();
  });

  test('no such statement says so, and a statement not yet known at the time control’s knownAt says that', async () => {
    await go('#/statement/00000000-0000-4000-8000-000000000000');
    await page.getByRole('alert').filter({ hasText: 'No such statement.' }).waitFor();

    await go(`#/statement/${UKRAINE.statementId}`);
    await page.getByLabel('Known at (recorded by)').fill('2020-01-01T00:00');
    await page.getByRole('alert').filter({ hasText: 'This statement was not yet known at 2020-01-01' }).waitFor();
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.locator('ol.versions > li').nth(1).waitFor();
  });

  test('a q of only operators is refused at the q field (invalid, described by the message), the form keeps its values; Back returns to the search before', async () => {
    await go('#/search?q=monitoring&holder=KOR');
    await page.locator('ol.results > li').first().waitFor();
    expect(await page.getByLabel('Words').inputValue()).toBe('monitoring');

    await page.getByLabel('Words').fill('-');
    await page.getByRole('button', { name: 'Search' }).click();
    const q = page.getByLabel('Words');
    await page.locator('#search-q[aria-invalid="true"]').waitFor();
    const describedBy = (await q.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain('search-q-error');
    expect(await page.locator('#search-q-error').textContent()).not.toBe('');
    expect(await page.getByRole('alert').textContent()).toContain('The search was refused: see Words.');
    expect(await q.inputValue()).toBe('-');
    expect(await page.getByLabel('Holder').inputValue()).toBe('KOR');
    expect(await page.evaluate('document.activeElement?.id')).toBe('search-q');
    expect(await page.locator('#search-holder').getAttribute('aria-invalid')).toBeNull();
    await shot('04-search-refused');
    expect(await seriousViolations()).toEqual([]);

    await page.goBack();
    await page.locator('ol.results > li').first().waitFor();
    expect(await page.getByLabel('Words').inputValue()).toBe('monitoring');
    expect(await page.locator('#search-q').getAttribute('aria-invalid')).toBeNull();
  });

  test('“More” reads the next page with the list’s cursor: 60 matches show as 50, then all 60', async () => {
    // 60 distinct statements (a day apart) with a word nothing else in the demo has.
    const statements = Array.from({ length: 60 }, (_, i) => ({
      holder: 'NZL',
      actor: { country: 'NZL', body: 'Ministry of Foreign Affairs and Trade' },
      topic: 'ukraine-monitoring-team',
      position: 'neutral',
      statedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
      summary: `Zeppelin note ${i + 1}: no view yet.`,
      sources: [{ url: `https://example.org/zeppelin/${i + 1}`, publisher: 'Example' }],
    }));
    expect((await session.server.call('POST', '/v1/statements/batch', { body: { statements } })).status).toBe(201);

    await go('#/search?q=zeppelin');
    await page.getByRole('heading', { name: '50 statements shown, more to come, newest first' }).waitFor();
    expect(await page.locator('ol.results > li').count()).toBe(50);
    expect(await page.locator('ol.results > li').first().textContent()).toContain('Zeppelin note 60'); // newest statedAt first
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('heading', { name: '60 statements, newest first' }).waitFor();
    expect(await page.locator('ol.results > li').count()).toBe(60);
    expect(await page.locator('ol.results > li').last().textContent()).toContain('Zeppelin note 1:');
    expect(await page.getByRole('button', { name: 'More' }).count()).toBe(0);
  });

  test('several values of a filter: ticking two positions searches for either, in the address as the API’s comma list, and lists what the API lists', async () => {
    const asked = await session.server.call('GET', '/v1/statements?holder=aukus&position=considering,supports&status=active', { role: 'reader' });
    expect(asked.status).toBe(200);
    const expected = (asked.body.items as { statementId: string; position: string }[]).map((item) => `#/statement/${item.statementId}`);
    expect(new Set((asked.body.items as { position: string }[]).map((item) => item.position))).toEqual(new Set(['considering', 'supports']));
    await go('#/search');
    await page.getByRole('heading', { name: 'Search statements' }).waitFor();
    await page.getByLabel('Holder').fill('aukus');
    const positions = page.getByRole('group', { name: 'Position (none ticked: any)' });
    await positions.getByRole('checkbox', { name: 'supports' }).check();
    await positions.getByRole('checkbox', { name: 'considering' }).check();
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.hash === '#/search?holder=aukus&position=considering%2Csupports&status=active');
    await page
      .locator('ol.results > li')
      .nth(expected.length - 1)
      .waitFor();
    expect(await page.locator('ol.results > li .head a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(expected);
    // Reached again by its address, the form shows the ticks.
    await page.reload();
    await page
      .locator('ol.results > li')
      .nth(expected.length - 1)
      .waitFor();
    expect(await positions.getByRole('checkbox', { name: 'considering' }).isChecked()).toBe(true);
    expect(await positions.getByRole('checkbox', { name: 'opposes' }).isChecked()).toBe(false);
    expect(await seriousViolations()).toEqual([]);
  });

  test('at 390 px both views fit the width (no horizontal page scroll) and stay accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await go(`#/statement/${UKRAINE.statementId}`);
    await page.locator('table.events tbody tr').nth(1).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('05-page-390px');
    expect(await seriousViolations()).toEqual([]);

    await go('#/search?q=monitoring');
    await page.locator('ol.results > li').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('06-search-390px');
    expect(await seriousViolations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('the page reported no error all along but the answers the tests asked for: the 404 of no such statement (twice: unknown, not yet known) and the refused search’s 400', () => {
    expect(session.pageErrors).toEqual([
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });
});
