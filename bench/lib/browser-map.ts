import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';
import { round } from './stats.js';

export interface StanceMapRun {
  /** Navigations measured, the first with an empty browser cache. */
  runs: number;
  /** Cells on the map (holders × topics that hold a stance, or a several-targets cell). */
  cells: number;
  /** From navigation start (the page's timeOrigin) to the map's cells in the document, ms. */
  coldMs: number;
  warmP50Ms: number;
  warmMaxMs: number;
}

/**
 * Issue 17's target: the stance map (`/#/map`, every stance) on screen within 1.5 s of
 * navigation, measured in the real browser the tests use (headless Chromium from
 * @sparticuz/chromium), against the benchmark's server and ledger. Signed in by putting the
 * token where the page keeps it (sessionStorage, apps/web/src/session.ts) before it loads.
 */
export async function measureStanceMap(url: string, token: string, log: (line: string) => void, runs = 5): Promise<StanceMapRun> {
  const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`sessionStorage.setItem('stance-ledger:token', ${JSON.stringify(token)})`);
    const times: number[] = [];
    let cells = 0;
    for (let run = 0; run < runs; run++) {
      const page = await context.newPage();
      await page.goto(`${url}/#/map`);
      await page.locator('.cell').first().waitFor({ timeout: 120_000 });
      times.push(await page.evaluate('performance.now()'));
      cells = await page.locator('.cell').count();
      await page.close();
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    const result = {
      runs,
      cells,
      coldMs: round(times[0], 0),
      warmP50Ms: round(warm[Math.floor(warm.length / 2)] ?? times[0], 0),
      warmMaxMs: round(warm.at(-1) ?? times[0], 0),
    };
    log(
      `  the browser view's stance map (/#/map, ${cells} cells) on screen: cold ${result.coldMs} ms, warm p50 ${result.warmP50Ms} ms, max ${result.warmMaxMs} ms`,
    );
    return result;
  } finally {
    await browser.close();
  }
}
