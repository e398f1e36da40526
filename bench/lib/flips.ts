import { oneConnectionGets, readLine, type HttpRunResult } from './http.js';

export interface FlipsBench {
  /** One topic's flips, newest first (the first page, 100). */
  byTopic: HttpRunResult;
  /** Every flip of the ledger, newest first (the first page, 100): the window over every active statement. */
  all: HttpRunResult;
  /** A topic's full flops on the record, certain order only. */
  filtered: HttpRunResult;
}

/**
 * GET /v1/flips on the query step's server and ledger (bench/run.ts, step 5), one connection:
 * each answer is one SQL pass over the matching keys' statements, so a topic's flips cost
 * what its statements cost, and the unfiltered list what the whole ledger's do.
 */
export async function benchFlips(
  url: string,
  token: string,
  topics: readonly { slug: string }[],
  seconds: number,
  log: (line: string) => void,
): Promise<FlipsBench> {
  let topicIndex = 0;
  const nextTopic = () => topics[topicIndex++ % topics.length].slug;
  const run = (path: () => string) => oneConnectionGets(url, token, path, seconds);
  const byTopic = await run(() => `/v1/flips?topic=${nextTopic()}`);
  const all = await run(() => '/v1/flips');
  const filtered = await run(() => `/v1/flips?topic=${nextTopic()}&change=full_flop&attribution=on_record&certain=true`);
  for (const [name, result] of [
    ['GET /v1/flips?topic=', byTopic],
    ['GET /v1/flips (every key)', all],
    ['GET /v1/flips?topic=&change=full_flop&attribution=on_record&certain=true', filtered],
  ] as const) {
    log(readLine(name, result));
  }
  return { byTopic, all, filtered };
}
