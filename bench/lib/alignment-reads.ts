import { oneConnectionGets, readLine, type HttpRunResult } from './http.js';

/**
 * `GET /v1/alignment?topic=<t>` for every holder of a topic (issue 15): rotating over the
 * ledger's topics, 1 connection, on the query step's server. At 1M events each topic has
 * 200 country holders on 4 targets: 19,900 pairs over ~800 stances per answer.
 */
export async function alignmentReads(
  url: string,
  token: string,
  topics: readonly { slug: string }[],
  seconds: number,
  log: (line: string) => void,
): Promise<HttpRunResult> {
  const first = await fetch(`${url}/v1/alignment?topic=${topics[0].slug}`, { headers: { authorization: `Bearer ${token}` } });
  const pairs = first.ok ? ((await first.json()) as { items: unknown[] }).items.length : `none (${first.status})`;
  let index = 0;
  const run = await oneConnectionGets(url, token, () => `/v1/alignment?topic=${topics[index++ % topics.length].slug}`, seconds);
  log(readLine(`GET /v1/alignment?topic= (every holder, ${pairs} pairs in the first topic)`, run));
  return run;
}
