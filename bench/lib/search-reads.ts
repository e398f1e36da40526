import { SEARCH_SQL } from '@app/stances';
import { RARE_PUBLISHER } from '@app/testing';
import { withClient } from './database.js';
import { oneConnectionGets } from './http.js';

/** One filter of GET /v1/statements measured alone: what it asks and the share of the ledger it matches. */
export interface SearchReadFigures {
  name: string;
  example: string;
  /** The share of statements the first value matches (0–1). */
  share: number;
  p50: number;
  p99: number;
  opsPerSec: number;
  non2xx: number;
}

interface FilterCase {
  name: string;
  values: string[];
  param: string;
}

/** A few values of each doc-held filter that the ledger holds, sampled from it (a scan of 1M documents would take longer than the runs). */
async function sampledValues(ledgerUrl: string): Promise<{ holders: string[]; persons: string[]; cameoCodes: string[] }> {
  return withClient(ledgerUrl, async (client) => {
    const sample = async (sql: string) => (await client.query<{ value: string }>(sql)).rows.map((row) => row.value);
    return {
      holders: await sample(`SELECT DISTINCT holder AS value FROM statements TABLESAMPLE SYSTEM (1) ORDER BY 1 LIMIT 20`),
      persons: await sample(
        `SELECT DISTINCT doc->'actor'->>'person' AS value FROM statement_versions TABLESAMPLE SYSTEM (1) WHERE doc->'actor'->>'person' IS NOT NULL ORDER BY 1 LIMIT 20`,
      ),
      cameoCodes: await sample(
        `SELECT DISTINCT doc->>'cameoCode' AS value FROM statement_versions TABLESAMPLE SYSTEM (1) WHERE doc->>'cameoCode' IS NOT NULL ORDER BY 1 LIMIT 20`,
      ),
    };
  });
}

/**
 * GET /v1/statements with each filter alone (a page of 100, the default), one connection,
 * `seconds` a filter, values rotating where the ledger has several: the p99 of each, and
 * `q` for a rare and a common word apart (issue 15). Logged, and answered for the results.
 */
export async function measureSearchReads(
  url: string,
  token: string,
  ledgerUrl: string,
  seconds: number,
  log: (line: string) => void,
): Promise<SearchReadFigures[]> {
  const { holders, persons, cameoCodes } = await sampledValues(ledgerUrl);
  const cases: FilterCase[] = [
    { name: 'holder', param: 'holder', values: holders },
    { name: 'position (1 of 5)', param: 'position', values: ['supports'] },
    { name: 'attribution (rare)', param: 'attribution', values: ['anonymous_sources'] },
    { name: 'modality (rare)', param: 'modality', values: ['conditional'] },
    { name: 'cameoCode', param: 'cameoCode', values: cameoCodes },
    { name: 'person', param: 'person', values: persons },
    { name: 'publisher (rare)', param: 'publisher', values: [RARE_PUBLISHER] },
    { name: 'publisher (common)', param: 'publisher', values: ['Reuters'] },
    { name: 'recordedBy (every statement)', param: 'recordedBy', values: ['bench-loader'] },
    { name: 'q, a rare word', param: 'q', values: ['submarine'] },
    { name: 'q, a common word', param: 'q', values: ['ministry'] },
  ];
  const total = await withClient(ledgerUrl, async (client) => Number((await client.query('SELECT count(*) AS n FROM statements')).rows[0].n));
  log(`  GET /v1/statements, each filter alone (a page of 100; p50/p99 ms):`);
  const figures: SearchReadFigures[] = [];
  for (const filter of cases) {
    const query = (value: string) => `/v1/statements?${filter.param}=${encodeURIComponent(value)}`;
    const matched = await withClient(ledgerUrl, async (client) => {
      // The share is counted over the served read model, with the list's own SQL shape (counted once, outside the timing).
      const response = await fetch(`${url}${query(filter.values[0])}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
      if (page.nextCursor === null) return page.items.length;
      return Number((await client.query(countSql(filter.param), [filter.values[0]])).rows[0].n);
    });
    let next = 0;
    const run = await oneConnectionGets(url, token, () => query(filter.values[next++ % filter.values.length]), seconds);
    const share = total > 0 ? matched / total : 0;
    figures.push({
      name: filter.name,
      example: `${filter.param}=${filter.values[0]}`,
      share,
      p50: run.latency.p50,
      p99: run.latency.p99,
      opsPerSec: run.opsPerSec,
      non2xx: run.non2xx,
    });
    log(
      `    ${filter.name.padEnd(30)} ${`${filter.param}=${filter.values[0]}`.padEnd(32)} ${(share * 100).toFixed(2).padStart(6)}%  p50 ${run.latency.p50}  p99 ${run.latency.p99}  (non-2xx ${run.non2xx})`,
    );
  }
  return figures;
}

/** How many current statements a filter's first value matches (the share in the log line). */
function countSql(param: string): string {
  const current = `statements st JOIN statement_versions s ON s.statement_id = st.statement_id AND s.revision = st.revision`;
  const where: Record<string, string> = {
    holder: 'st.holder = $1',
    position: 'st.position = $1',
    attribution: 'st.attribution = $1',
    modality: 'st.modality = $1',
    cameoCode: `${SEARCH_SQL.cameoCode('s.doc')} = $1`,
    person: `${SEARCH_SQL.person('s.doc')} = lower($1)`,
    publisher: `${SEARCH_SQL.publishers('s.doc')} @> jsonb_build_array(lower($1))`,
    recordedBy: `${SEARCH_SQL.recordedBy('s.doc')} = $1`,
    q: `${SEARCH_SQL.words('s.doc')} @@ websearch_to_tsquery('simple', $1)`,
  };
  return `SELECT count(*) AS n FROM ${current} WHERE ${where[param]}`;
}
