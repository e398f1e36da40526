import type { Page } from 'playwright-core';
import { shippedDemo } from '../support/demo.js';
import { TOKENS } from '../support/server.js';
import { openBrowserSession, seriousViolations as violationsOn, shot as shotOf, signIn as signInOn, type BrowserSession } from './harness.js';

/**
 * Flips across keys (#/flips) and alignment for a topic (#/alignment/<topic>) in a real
 * Chromium against the real server, seeded with the demo (test/browser/harness.ts). What the
 * page must show is asked of the API in each test, so the page is held to the API's answer.
 *
 * The demo has a single flip (AUKUS on Korea: considering → supports, a half flip); to see a
 * filter narrow the list, this file records a made-up full flop of its own: NZL on the Ukraine
 * monitoring team, supports in January 2025, opposes in March.
 */
let session: BrowserSession;
let page: Page;

const shot = (name: string) => shotOf(page, `analysis-${name}`);
const seriousViolations = () => violationsOn(page);
const open = (hash: string) => page.goto(`${session.server.url}/${hash}`);

interface Flip {
  holder: string;
  topic: string;
  target: string | null;
  to: { statementId: string };
}
interface Pair {
  a: string;
  b: string;
  shared: number;
  agreement: number;
}

async function apiGet<T>(path: string): Promise<T> {
  const answer = await session.server.call('GET', path, { role: 'reader' });
  expect(answer.status).toBe(200);
  return answer.body as T;
}

/** The rows the API answers for these filters, as the page marks its rows (holder/topic/target/later statement). */
async function apiFlips(query = ''): Promise<string[]> {
  const { items } = await apiGet<{ items: Flip[] }>(`/v1/flips${query ? `?${query}` : ''}`);
  return items.map((flip) => `${flip.holder}/${flip.topic}/${flip.target ?? 'none'}/${flip.to.statementId}`);
}

/** Waits until the page lists exactly `expected` (in order), or says no flip matches when it is empty. */
async function pageListsFlips(expected: string[]): Promise<void> {
  if (expected.length === 0) {
    await page.getByText('No flip matches.').waitFor();
    expect(await page.locator('table.flips').count()).toBe(0);
    return;
  }
  await page.waitForFunction((keys) => {
    // Runs in the page (this file is type-checked without the DOM's types; a string would be eval, which the CSP refuses).
    const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ dataset: { flip?: string } }> } };
    return JSON.stringify([...document.querySelectorAll('table.flips tbody tr')].map((row) => row.dataset.flip)) === JSON.stringify(keys);
  }, expected);
}

const keyCount = (n: number) => `${n} shared key${n === 1 ? '' : 's'}`;

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
  const base = structuredClone(shippedDemo.statements.find((statement) => statement.topic === 'ukraine-monitoring-team')!);
  delete (base as Partial<typeof base>).statementId;
  for (const [position, statedAt] of [
    ['supports', '2025-01-15'],
    ['opposes', '2025-03-02'],
  ]) {
    const body = {
      ...base,
      holder: 'NZL',
      actor: { country: 'NZL', body: 'Ministry of Foreign Affairs and Trade' },
      position,
      statedAt,
      summary: `Made up for this test: New Zealand ${position} sending a team.`,
      sources: [{ url: `https://example.org/test-only/nzl-${statedAt}`, publisher: 'Example', publishedAt: statedAt }],
    };
    expect((await session.server.call('POST', '/v1/statements', { body })).status).toBe(201);
  }
  await signInOn(page, session.server, TOKENS.reader);
  await page.getByText('rita (reader)').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('flips across keys', () => {
  test('the header’s Flips link lists exactly the API’s flips, AUKUS on Korea among them as a half flip; focus lands on the heading', async () => {
    const expected = await apiFlips();
    expect(expected.length).toBe(2); // the demo's one, and this file's full flop
    await page.getByRole('link', { name: 'Flips', exact: true }).click();
    await pageListsFlips(expected);
    expect(await page.evaluate('document.activeElement?.id')).toBe('flips-title');

    const aukus = page.locator('tr[data-flip^="aukus/aukus-pillar-ii/KOR/"]');
    const cells = await aukus.locator('th, td').allTextContents();
    expect(cells.slice(0, 8)).toEqual(['aukus', 'aukus-pillar-ii', 'KOR', 'considering (2024-04-10)', 'supports (2024-11)', 'half flip', 'stronger', 'known']);
    expect(await page.locator('tr[data-flip^="NZL/"] td.change').textContent()).toBe('full flop');
    await shot('01-flips');
    expect(await seriousViolations()).toEqual([]);
  });

  test('ticking “full flop” narrows the list to the API’s answer, keeps the keyboard on the checkbox and puts the filter in the address; Back undoes it', async () => {
    const all = await apiFlips();
    const fullFlops = await apiFlips('change=full_flop');
    expect(fullFlops.length).toBe(1);
    await page.getByLabel('full flop').check();
    await pageListsFlips(fullFlops);
    expect(new URL(page.url()).hash).toBe('#/flips?change=full_flop');
    expect(await page.evaluate('document.activeElement?.value')).toBe('full_flop');
    await shot('02-flips-full-flop');

    await page.goBack();
    await pageListsFlips(all);
    expect(await page.getByLabel('full flop').isChecked()).toBe(false);
  });

  test('a shared address sets the filters: on AUKUS Pillar II, full flops only, there is none (as the API says)', async () => {
    expect(await apiFlips('topic=aukus-pillar-ii&change=full_flop')).toEqual([]);
    await open('#/flips?topic=aukus-pillar-ii&change=full_flop');
    await pageListsFlips([]);
    expect(await page.getByLabel('Topic').inputValue()).toBe('aukus-pillar-ii');
    expect(await page.getByLabel('full flop').isChecked()).toBe(true);
    expect(await page.getByLabel('half flip').isChecked()).toBe(false);

    // A typed filter applies on Enter (or when the field is left), and the keyboard stays in the field.
    await open('#/flips');
    await pageListsFlips(await apiFlips());
    await page.getByLabel('Holder').fill('aukus');
    await page.getByLabel('Holder').press('Enter');
    await pageListsFlips(await apiFlips('holder=aukus'));
    expect(new URL(page.url()).hash).toBe('#/flips?holder=aukus');
    expect(await page.evaluate('document.activeElement?.name')).toBe('holder');
  });

  test('the API’s 400 is shown at the filter its pointer names, with what was typed kept', async () => {
    const refused = await session.server.call('GET', '/v1/flips?holder=x%20y&change=no_flip', { role: 'reader' });
    expect(refused.status).toBe(400);
    const detail = (name: string) => (refused.body.errors as { pointer: string; detail: string }[]).find((error) => error.pointer === `/query/${name}`)!.detail;

    await open('#/flips?holder=x%20y&change=no_flip');
    await page.locator('#flips-holder-error').waitFor();
    const holder = page.getByLabel('Holder');
    expect(await holder.inputValue()).toBe('x y');
    expect(await holder.getAttribute('aria-invalid')).toBe('true');
    expect((await holder.getAttribute('aria-describedby'))?.split(' ')).toContain('flips-holder-error');
    expect(await page.locator('#flips-holder-error').textContent()).toBe(detail('holder'));
    expect(await page.locator('fieldset', { hasText: 'Change' }).locator('.error').textContent()).toBe(detail('change'));
    expect(await page.locator('table.flips').count()).toBe(0);
    await shot('03-flips-refused');
    expect(await seriousViolations()).toEqual([]);

    // A value no control can untick: clearing the filters is one link away.
    await page.getByRole('link', { name: 'Clear the filters' }).click();
    await pageListsFlips(await apiFlips());
    expect(await page.locator('.error').count()).toBe(0);
  });

  test('by keyboard, a row’s Timeline link opens its key’s timeline', async () => {
    await open('#/flips');
    await pageListsFlips(await apiFlips());
    await page.getByRole('link', { name: 'Timeline of aukus on aukus-pillar-ii, target KOR' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'aukus on aukus-pillar-ii, target KOR' }).waitFor();
    await page.locator('ol.statements > li[data-change="half_flip"]').waitFor();
  });

  test('time travel: as of 2024-04-10 the list is the API’s for that date (nobody had flipped yet); back to now, it is whole again', async () => {
    await open('#/flips');
    await pageListsFlips(await apiFlips());
    await page.getByLabel('As of (said by)').fill('2024-04-10');
    await pageListsFlips(await apiFlips('asOf=2024-04-10'));
    await page.getByLabel('As of (said by)').fill('2025-02-01'); // AUKUS's half flip of 2024-11, not yet NZL's flop
    const then = await apiFlips('asOf=2025-02-01');
    expect(then.length).toBe(1);
    await pageListsFlips(then);
    await page.getByRole('button', { name: 'Back to now' }).click();
    await pageListsFlips(await apiFlips());
  });

  test('a page at a time: “More” reads the next page by its cursor, and the keyboard goes on at the first new row', async () => {
    await open('#/flips?limit=1');
    const all = await apiFlips();
    await pageListsFlips(all.slice(0, 1));
    await page.getByRole('button', { name: 'More' }).click();
    await pageListsFlips(all);
    expect(await page.getByRole('button', { name: 'More' }).count()).toBe(0);
    expect(await page.evaluate("document.activeElement?.closest('tr')?.dataset.flip")).toBe(all[1]);
  });
});

describe('alignment for a topic', () => {
  const TOPIC = 'aukus-pillar-ii';

  test('from the header: pick a topic, then every pair the API answers is a cell (both ways), named with its agreement and coloured by it', async () => {
    const { items } = await apiGet<{ items: Pair[] }>(`/v1/alignment?topic=${TOPIC}`);
    expect(items.length).toBeGreaterThan(0);
    await open('#/map');
    await page.getByRole('link', { name: 'Alignment', exact: true }).click();
    await page.getByRole('heading', { name: 'Alignment: pick a topic' }).waitFor();
    await page.getByRole('link', { name: 'AUKUS Pillar II partnership' }).click();
    await page.getByRole('heading', { name: 'Alignment on AUKUS Pillar II partnership' }).waitFor();
    await page.locator('table.agreement-grid').waitFor();

    for (const { a, b, shared, agreement } of items) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const cell = page.getByRole('cell', { name: `${x} and ${y}: agreement ${agreement} over ${keyCount(shared)}`, exact: true });
        expect(await cell.count()).toBe(1);
        expect(await cell.getAttribute('class')).toContain(`agree-${Math.min(4, Math.floor(agreement * 5))}`);
      }
    }
    const holders = [...new Set(items.flatMap((pair) => [pair.a, pair.b]))];
    expect(await page.locator('table.agreement-grid tbody tr').count()).toBe(holders.length);
    expect(await page.locator('table.agreement-grid td.self').count()).toBe(holders.length); // the diagonal, empty
    expect(await page.locator('table.agreement-grid td.self').allTextContents()).toEqual(holders.map(() => ''));
    expect(await page.getByText(`${holders.length} holders, ${items.length} pair`).count()).toBe(1);
    // The list below, in the API's order.
    expect(await page.locator('table.pair-list tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-pair')))).toEqual(
      items.map((pair) => `${pair.a}/${pair.b}`),
    );
    await shot('04-alignment');
    expect(await seriousViolations()).toEqual([]);
  });

  test('fewest shared keys: 2 leaves what the API leaves; 0 is refused at the field with the API’s words', async () => {
    const { items } = await apiGet<{ items: Pair[] }>(`/v1/alignment?topic=${TOPIC}&minShared=2`);
    const field = page.getByLabel('Fewest shared keys');
    await field.fill('2');
    await field.press('Tab');
    // The filter is in the address: a shareable link, and Back undoes it.
    await page.waitForURL((url) => url.hash === `#/alignment/${TOPIC}?minShared=2`);
    if (items.length === 0) await page.getByText('No pair of holders shares 2 keys on this topic.').waitFor();
    else
      await page
        .locator('table.pair-list tbody tr')
        .nth(items.length - 1)
        .waitFor();

    const refused = await session.server.call('GET', `/v1/alignment?topic=${TOPIC}&minShared=0`, { role: 'reader' });
    expect(refused.status).toBe(400);
    await field.fill('0');
    await field.press('Tab');
    await page.locator('#alignment-minShared-error').waitFor();
    expect(await page.locator('#alignment-minShared-error').textContent()).toBe(refused.body.errors[0].detail);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('0');
    await field.fill('');
    await field.press('Tab');
    await page.locator('table.agreement-grid').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/alignment/${TOPIC}`);
  });

  test('a shared link with attribution=on_record opens with that box ticked and the API’s on-record pairs; Back undoes a tick', async () => {
    const { items } = await apiGet<{ items: Pair[] }>(`/v1/alignment?topic=${TOPIC}&attribution=on_record`);
    await open(`#/alignment/${TOPIC}?attribution=on_record`);
    await page.getByRole('heading', { name: 'Alignment on AUKUS Pillar II partnership' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'on record' }).isChecked()).toBe(true);
    if (items.length === 0) await page.getByText('No pair of holders', { exact: false }).waitFor();
    else
      await page
        .locator('table.pair-list tbody tr')
        .nth(items.length - 1)
        .waitFor();
    expect(await page.locator('table.pair-list tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-pair')))).toEqual(
      items.map((pair) => `${pair.a}/${pair.b}`),
    );
    await page.getByRole('checkbox', { name: 'reported' }).check();
    await page.waitForURL((url) => url.hash === `#/alignment/${TOPIC}?attribution=on_record%2Creported`);
    await page.goBack();
    await page.waitForURL((url) => url.hash === `#/alignment/${TOPIC}?attribution=on_record`);
    expect(await page.getByRole('checkbox', { name: 'reported' }).isChecked()).toBe(false);
    await open(`#/alignment/${TOPIC}`); // unfiltered again, for the tests after
    await page.locator('table.agreement-grid').waitFor();
    expect(await page.getByRole('checkbox', { name: 'on record' }).isChecked()).toBe(false);
  });

  test('time travel: as of 2024-04-10 each cell says what the API says for that date', async () => {
    const { items } = await apiGet<{ items: Pair[] }>(`/v1/alignment?topic=${TOPIC}&asOf=2024-04-10`);
    expect(items.length).toBeGreaterThan(0);
    expect(items).not.toEqual((await apiGet<{ items: Pair[] }>(`/v1/alignment?topic=${TOPIC}`)).items); // else the page would not show a change
    await page.getByLabel('As of (said by)').fill('2024-04-10');
    for (const { a, b, shared, agreement } of items) {
      await page.getByRole('cell', { name: `${a} and ${b}: agreement ${agreement} over ${keyCount(shared)}`, exact: true }).waitFor();
    }
    expect(await page.locator('table.pair-list tbody tr').count()).toBe(items.length);
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.getByRole('button', { name: 'Back to now' }).waitFor({ state: 'detached' });
  });

  test('the topic’s stance map links to its alignment', async () => {
    await open(`#/map/${TOPIC}`);
    await page.getByRole('link', { name: 'Alignment on this topic' }).click();
    await page.getByRole('heading', { name: 'Alignment on AUKUS Pillar II partnership' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/alignment/${TOPIC}`);
  });
});

describe('both views at 390 px', () => {
  test('the page does not scroll sideways (the tables scroll inside themselves) and stays accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('#/flips');
    await pageListsFlips(await apiFlips());
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('05-flips-390px');
    expect(await seriousViolations()).toEqual([]);

    await open('#/alignment/aukus-pillar-ii');
    await page.locator('table.agreement-grid').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('06-alignment-390px');
    expect(await seriousViolations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('the page reported no error all along but the two 400s the tests asked for', () => {
    expect(session.pageErrors).toEqual(Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'));
  });
});
