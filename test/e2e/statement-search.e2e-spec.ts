import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// Finding statements (CONTRACT.md, v2 additions, "Finding and counting"): GET /v1/statements
// filtered by holder, position, attribution, modality, cameoCode, person, publisher,
// recordedBy and `q` (full text, web-search syntax, language-neutral), combined with AND,
// with knownAt and the cursor; the export takes the same filters; bad input → 400 naming it.

let api: TestServer;
const TOPIC = 'search-topic';
const OTHER = 'search-other';
const ids: Record<string, string> = {};
let knownBeforeCorrection: string;

beforeAll(async () => {
  api = await startTestServer();
  for (const [slug, title] of [
    [TOPIC, 'Search'],
    [OTHER, 'Search, elsewhere'],
  ]) {
    expect((await api.call('POST', '/v1/topics', { body: { slug, title } })).status).toBe(201);
  }
  const record = async (name: string, body: Record<string, unknown>, role: 'editor' | 'admin' = 'editor') => {
    const source = body.sources ? {} : { source: { url: `https://example.org/${name}` } };
    const result = await api.call('POST', '/v1/statements', { role, body: { topic: TOPIC, ...source, ...body } });
    expect([result.status, result.body?.errors]).toEqual([201, undefined]);
    ids[name] = result.body.statementId;
    return result.body;
  };
  // Recorded oldest statedAt first; the list answers newest first.
  await record('seoul', {
    actor: { country: 'KOR', body: 'National Security Office', person: 'Kim Tae-hyo', role: 'First Deputy Director' },
    target: 'KOR',
    position: 'considering',
    statedAt: '2024-11',
    summary: 'Seoul is positively considering joining Pillar II as a cooperating partner.',
    source: { url: 'https://example.org/korea-pro/aukus', publisher: 'Korea Pro' },
    cameoCode: '0312',
  });
  await record('canberra', {
    actor: { country: 'AUS', body: 'Department of Defence', person: 'Richard Marles', role: 'Defence Minister' },
    target: 'KOR',
    position: 'supports',
    statedAt: '2024-11-20',
    attribution: 'reported',
    modality: 'hedged',
    summary: 'Canberra welcomes cooperation on hypersonic missiles and submarine technology.',
    sources: [
      { url: 'https://example.org/abc/1', publisher: 'ABC News' },
      { url: 'https://example.org/yonhap/2', publisher: 'KOREA PRO', title: '호주 국방장관, 잠수함 협력 환영' },
    ],
    cameoCode: '051',
  });
  await record('paris', {
    actor: { country: 'FRA', body: 'Élysée', person: 'Jean-Noël Barrot' },
    target: null,
    position: 'concerned',
    statedAt: '2024-12-01',
    attribution: 'unnamed_official',
    modality: 'conditional',
    summary: "L'Élysée s'inquiète d'une course aux sous-marins.",
    quote: 'Nous suivons la coopération sous-marine avec attention.',
    quoteLanguage: 'fr',
  });
  await record(
    'nuclear',
    {
      actor: { country: 'KOR', person: 'KIM TAE-HYO' },
      target: 'KOR',
      position: 'opposes',
      statedAt: '2024-12-05',
      summary: 'Seoul rules out nuclear submarines for itself.',
    },
    'admin',
  );
  const moratorium = await record('corrected', {
    actor: { country: 'NZL' },
    target: null,
    position: 'neutral',
    statedAt: '2024-12-10',
    summary: 'Wellington announced a moratorium on drilling.',
  });
  knownBeforeCorrection = moratorium.recordedAt;
  await new Promise((resolve) => setTimeout(resolve, 10));
  const corrected = await api.call('POST', `/v1/statements/${ids.corrected}/corrections`, {
    body: { changes: { summary: 'Wellington lifted the embargo on exports.' }, reason: 'misquoted' },
  });
  expect(corrected.status).toBe(200);
  // Elsewhere: the same words on another topic, found only without a topic filter.
  await record('elsewhere', { topic: OTHER, actor: { country: 'KOR' }, target: null, position: 'supports', statedAt: '2023-01', summary: 'Seoul again.' });
});
afterAll(async () => {
  await api.stop();
});

async function list(query: string): Promise<CallResult> {
  return api.call('GET', `/v1/statements?${query}`, { role: 'reader' });
}

/** The names of the statements a query lists, in the list's order. */
async function found(query: string): Promise<string[]> {
  const result = await list(query);
  expect([result.status, result.body?.errors]).toEqual([200, undefined]);
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return result.body.items.map((item: { statementId: string }) => names[item.statementId]);
}

function expectProblem(result: CallResult, pointer: string) {
  expect([result.status, result.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
  expect(result.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
}

describe('each filter alone', () => {
  test('holder', async () => {
    expect(await found('holder=KOR')).toEqual(['nuclear', 'seoul', 'elsewhere']);
    expect(await found('holder=JPN')).toEqual([]);
  });

  test('position, attribution and modality take comma lists', async () => {
    expect(await found('position=opposes')).toEqual(['nuclear']);
    expect(await found('position=supports,considering')).toEqual(['canberra', 'seoul', 'elsewhere']);
    expect(await found('attribution=reported,unnamed_official')).toEqual(['paris', 'canberra']);
    expect(await found(`topic=${TOPIC}&attribution=on_record`)).toEqual(['corrected', 'nuclear', 'seoul']);
    expect(await found('modality=conditional')).toEqual(['paris']);
    expect(await found('modality=hedged,conditional')).toEqual(['paris', 'canberra']);
  });

  test('cameoCode is exact, leading zeros kept', async () => {
    expect(await found('cameoCode=0312')).toEqual(['seoul']);
    expect(await found('cameoCode=051')).toEqual(['canberra']);
    expect(await found('cameoCode=031')).toEqual([]);
  });

  test('person is exact but for case', async () => {
    expect(await found('person=kim%20tae-hyo')).toEqual(['nuclear', 'seoul']);
    expect(await found('person=Jean-No%C3%ABl%20Barrot')).toEqual(['paris']);
    expect(await found('person=Kim')).toEqual([]);
  });

  test("publisher matches any of a statement's sources, exact but for case", async () => {
    expect(await found('publisher=korea%20pro')).toEqual(['canberra', 'seoul']);
    expect(await found('publisher=ABC%20News')).toEqual(['canberra']);
    expect(await found('publisher=ABC')).toEqual([]);
  });

  test('recordedBy names the API key that recorded the statement', async () => {
    expect(await found('recordedBy=root')).toEqual(['nuclear']);
    expect(await found(`topic=${TOPIC}&recordedBy=alice`)).toEqual(['corrected', 'paris', 'canberra', 'seoul']);
  });
});

describe('q: full text', () => {
  test('whole words as written, in every searched field: summary, quote, body, person, role, publisher, title', async () => {
    expect(await found('q=submarine')).toEqual(['canberra']); // not "submarines": no stemming
    expect(await found('q=submarines')).toEqual(['nuclear']);
    expect(await found('q=attention')).toEqual(['paris']); // the quote
    expect(await found('q=security')).toEqual(['seoul']); // the body
    expect(await found('q=marles')).toEqual(['canberra']); // the person
    expect(await found('q=deputy')).toEqual(['seoul']); // the role
    expect(await found('q=abc')).toEqual(['canberra']); // a publisher
    expect(await found('q=%ED%98%91%EB%A0%A5')).toEqual(['canberra']); // "협력", in a source's title
  });

  test('several words must all be there; "or" takes either; -word leaves out', async () => {
    expect(await found('q=seoul%20submarines')).toEqual(['nuclear']);
    expect(await found('q=hypersonic%20or%20moratorium')).toEqual(['canberra']); // the corrected summary no longer says moratorium
    expect(await found('q=hypersonic%20or%20embargo')).toEqual(['corrected', 'canberra']);
    expect(await found(`q=seoul%20-nuclear&topic=${TOPIC}`)).toEqual(['seoul']);
  });

  test('a quoted phrase matches its words in that order only', async () => {
    expect(await found('q=%22cooperating%20partner%22')).toEqual(['seoul']);
    expect(await found('q=%22partner%20cooperating%22')).toEqual([]);
  });

  test('language-neutral: Korean and accented words are found as typed, and without case', async () => {
    expect(await found('q=%EC%9E%A0%EC%88%98%ED%95%A8')).toEqual(['canberra']); // 잠수함
    expect(await found('q=%C3%89lys%C3%A9e')).toEqual(['paris']); // Élysée
    expect(await found('q=%C3%A9lys%C3%A9e')).toEqual(['paris']); // élysée
    expect(await found('q=sous-marine')).toEqual(['paris']);
    expect(await found('q=elysee')).toEqual([]); // no accent folding: words as written
  });
});

describe('combined', () => {
  test('filters combine with AND, with the v1 filters too', async () => {
    expect(await found('holder=KOR&q=seoul')).toEqual(['nuclear', 'seoul', 'elsewhere']);
    expect(await found(`holder=KOR&q=seoul&topic=${TOPIC}`)).toEqual(['nuclear', 'seoul']);
    expect(await found('holder=KOR&q=seoul&position=opposes,considering&person=kim%20tae-hyo&recordedBy=alice')).toEqual(['seoul']);
    expect(await found('publisher=korea%20pro&attribution=reported&modality=hedged&cameoCode=051&target=KOR')).toEqual(['canberra']);
    expect(await found('q=seoul&from=2024-12-01&status=active')).toEqual(['nuclear']);
    expect(await found('publisher=korea%20pro&position=opposes')).toEqual([]);
  });

  test('knownAt: a corrected statement is found by its old words as the ledger knew it then, by its new words now', async () => {
    const at = encodeURIComponent(knownBeforeCorrection);
    expect(await found(`q=moratorium&knownAt=${at}`)).toEqual(['corrected']);
    expect(await found(`q=embargo&knownAt=${at}`)).toEqual([]);
    expect(await found('q=moratorium')).toEqual([]);
    expect(await found('q=embargo')).toEqual(['corrected']);
    const then = await list(`q=moratorium&knownAt=${at}`);
    expect(then.body.items[0]).toMatchObject({ revision: 0, summary: 'Wellington announced a moratorium on drilling.' });
    // The other filters read the version known then as well.
    expect(await found(`holder=NZL&q=drilling&knownAt=${at}`)).toEqual(['corrected']);
    expect(await found(`q=seoul&knownAt=${at}&topic=${TOPIC}`)).toEqual(['nuclear', 'seoul']);
  });

  test('the cursor pages through the matches in the list order', async () => {
    const all = await found('q=seoul%20or%20wellington%20or%20canberra');
    expect(all).toEqual(['corrected', 'nuclear', 'canberra', 'seoul', 'elsewhere']);
    const pages: string[][] = [];
    let query = 'q=seoul%20or%20wellington%20or%20canberra&limit=2';
    for (;;) {
      const result = await list(query);
      expect(result.status).toBe(200);
      pages.push(result.body.items.map((item: { statementId: string }) => Object.keys(ids).find((name) => ids[name] === item.statementId)));
      if (!result.body.nextCursor) break;
      query = `q=seoul%20or%20wellington%20or%20canberra&limit=2&cursor=${result.body.nextCursor}`;
    }
    expect(pages).toEqual([['corrected', 'nuclear'], ['canberra', 'seoul'], ['elsewhere']]);
  });

  test('the export takes the same filters', async () => {
    const result = await api.call('GET', '/v1/export/statements?format=jsonl&q=submarine%20or%20submarines&holder=KOR', { role: 'reader' });
    expect(result.status).toBe(200);
    expect(
      result.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).statementId),
    ).toEqual([ids.nuclear]);
  });
});

describe('bad input → 400 naming the parameter', () => {
  test('a q with no word (operators and punctuation only), on the list and on the export', async () => {
    for (const q of ['-', '%22%22', '%20-%20%22%20%22%20,', '!!!']) expectProblem(await list(`q=${q}`), '/query/q');
    expectProblem(await api.call('GET', '/v1/export/statements?q=-', { role: 'reader' }), '/query/q');
    expectProblem(await list('q='), '/query/q');
  });

  test('an unknown filter', async () => {
    expectProblem(await list('speaker=Kim'), '/query/speaker');
  });

  test('a bad enumerated value, alone or in a list', async () => {
    expectProblem(await list('position=maybe'), '/query/position');
    expectProblem(await list('attribution=on_record,leaked'), '/query/attribution');
    expectProblem(await list('modality=firm,'), '/query/modality');
  });

  test('a bad cameoCode, holder, or text with control characters', async () => {
    expectProblem(await list('cameoCode=312'), '/query/cameoCode');
    expectProblem(await list('holder=kor'), '/query/holder');
    expectProblem(await list('person=Kim%00'), '/query/person');
    expectProblem(await list(`publisher=${'x'.repeat(501)}`), '/query/publisher');
  });
});

describe('publisher, as statements are corrected', () => {
  test('a statement is listed once though it cites the publisher twice; a correction of its sources moves it; the cursor pages in order', async () => {
    const record = async (name: string, publishers: string[], statedAt: string) => {
      const sources = publishers.map((publisher, i) => ({ url: `https://example.org/${name}/${i}`, publisher }));
      const result = await api.call('POST', '/v1/statements', {
        body: { topic: OTHER, actor: { country: 'JPN' }, target: null, position: 'supports', statedAt, summary: `Wire ${name}.`, sources },
      });
      expect([result.status, result.body?.errors]).toEqual([201, undefined]);
      ids[name] = result.body.statementId;
      return result.body;
    };
    await record('twice', ['Pillar Wire', 'PILLAR WIRE'], '2025-02-01');
    const moved = await record('moved', ['Pillar Wire'], '2025-01-01');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const correction = await api.call('POST', `/v1/statements/${ids.moved}/corrections`, {
      body: { changes: { sources: [{ url: 'https://example.org/moved/other', publisher: 'Other Wire' }] }, reason: 'wrong wire' },
    });
    expect(correction.status).toBe(200);

    expect(await found('publisher=pillar%20wire')).toEqual(['twice']);
    expect(await found('publisher=Other%20Wire')).toEqual(['moved']);
    // As the ledger knew it before the correction, both cited it.
    expect(await found(`publisher=pillar%20wire&knownAt=${encodeURIComponent(moved.recordedAt)}`)).toEqual(['twice', 'moved']);

    const pages: string[][] = [];
    let query = 'publisher=korea%20pro&limit=1';
    for (;;) {
      const result = await list(query);
      pages.push(result.body.items.map((item: { statementId: string }) => Object.keys(ids).find((name) => ids[name] === item.statementId)));
      if (!result.body.nextCursor) break;
      query = `publisher=korea%20pro&limit=1&cursor=${result.body.nextCursor}`;
    }
    expect(pages).toEqual([['canberra'], ['seoul']]);
  });
});
