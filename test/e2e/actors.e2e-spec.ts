import { AUKUS, COMMONS_COMMITTEE } from '../../libs/statements/src/testing/actor-fixtures.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// Registered actors over HTTP (CONTRACT.md, v2 additions, "Actor"), and the reference lists
// clients build their forms from.

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api.stop();
});

function expectProblem(result: CallResult, status: number, pointer?: string) {
  expect([result.status, result.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
  expect(result.body).toMatchObject({ status, type: expect.stringMatching(/^urn:stance-ledger:/), detail: expect.any(String) });
  if (pointer) expect(result.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
}

async function allEvents() {
  const items: any[] = [];
  let after = 0;
  for (;;) {
    const page = await api.call('GET', `/v1/events?after=${after}&limit=1000`, { role: 'reader' });
    items.push(...page.body.items);
    if (page.body.nextAfter === null) return items;
    after = page.body.nextAfter;
  }
}

/** Sends `request`, expects a 400 naming `pointer`, and that nothing was written. */
async function expectRefused(request: () => Promise<CallResult>, pointer: string) {
  const before = (await allEvents()).length;
  expectProblem(await request(), 400, pointer);
  expect((await allEvents()).length).toBe(before);
}

describe('registering', () => {
  test('both sample actors register with 201, Location and Ledger-Position; members kept in the order sent, [] for a body', async () => {
    const org = await api.call('POST', '/v1/actors', { body: { slug: 'aukus', name: 'AUKUS', kind: 'organization', members: ['AUS', 'GBR', 'USA'] } });
    expect([org.status, org.body]).toEqual([201, AUKUS]);
    expect(org.headers.get('location')).toBe('/v1/actors/aukus');
    expect(org.headers.get('ledger-position')).toMatch(/^\d+$/);
    const body = await api.call('POST', '/v1/actors', { body: { ...COMMONS_COMMITTEE, members: null } });
    expect([body.status, body.body]).toEqual([201, COMMONS_COMMITTEE]);
    expect((await api.call('GET', '/v1/actors/gbr-commons-fac', { role: 'reader' })).body).toEqual(COMMONS_COMMITTEE);
  });

  test('a slug taken → 409, nothing written', async () => {
    const before = (await allEvents()).length;
    expectProblem(await api.call('POST', '/v1/actors', { body: { ...COMMONS_COMMITTEE, name: 'Another committee' } }), 409);
    expect((await allEvents()).length).toBe(before);
  });

  test.each([
    ['slug none', { ...COMMONS_COMMITTEE, slug: 'none' }, '/slug'],
    ['slug kor (a country code)', { ...COMMONS_COMMITTEE, slug: 'kor' }, '/slug'],
    ['slug KOR', { ...COMMONS_COMMITTEE, slug: 'KOR' }, '/slug'],
    ['a bad kind', { ...COMMONS_COMMITTEE, slug: 'x-party', kind: 'faction' }, '/kind'],
    ['an organization of one member', { ...AUKUS, slug: 'solo', members: ['AUS'] }, '/members'],
    ['an organization naming a member twice', { ...AUKUS, slug: 'twice', members: ['AUS', 'GBR', 'AUS'] }, '/members'],
    ['an organization with a country', { ...AUKUS, slug: 'org-with-country', country: 'AUS' }, '/country'],
    ['a body without a country', { ...COMMONS_COMMITTEE, slug: 'nowhere', country: null }, '/country'],
    ['a body with members', { ...COMMONS_COMMITTEE, slug: 'joint', members: ['GBR', 'IRL'] }, '/members'],
    ['a name too long', { ...COMMONS_COMMITTEE, slug: 'long', name: 'n'.repeat(201) }, '/name'],
    ['an unknown field', { ...COMMONS_COMMITTEE, slug: 'extra', holder: 'GBR' }, '/holder'],
  ])('%s → 400 naming its pointer, nothing written', async (_case, body, pointer) => {
    await expectRefused(() => api.call('POST', '/v1/actors', { body }), pointer);
  });
});

describe('revising', () => {
  test('name, members (replaced whole) and description change; the answer and later reads say so', async () => {
    const revised = await api.call('PATCH', '/v1/actors/aukus', { body: { members: ['USA', 'GBR', 'AUS', 'JPN'], description: 'Trilateral partnership' } });
    const expected = { ...AUKUS, members: ['USA', 'GBR', 'AUS', 'JPN'], description: 'Trilateral partnership' };
    expect([revised.status, revised.body]).toEqual([200, expected]);
    expect(revised.headers.get('ledger-position')).toMatch(/^\d+$/);
    const renamed = await api.call('PATCH', '/v1/actors/aukus', { body: { name: 'AUKUS partnership', description: null } });
    expect(renamed.body).toEqual({ ...expected, name: 'AUKUS partnership', description: null });
    expect((await api.call('GET', '/v1/actors/aukus', { role: 'reader' })).body).toEqual(renamed.body);
  });

  test('a revision that changes nothing writes nothing and answers 200 with the actor', async () => {
    const before = (await allEvents()).length;
    const same = await api.call('PATCH', '/v1/actors/gbr-commons-fac', { body: { name: COMMONS_COMMITTEE.name, members: [] } });
    expect([same.status, same.body]).toEqual([200, COMMONS_COMMITTEE]);
    expect((await allEvents()).length).toBe(before);
  });

  test.each([
    ['the kind', 'aukus', { kind: 'party' }, '/kind'],
    ['the country', 'gbr-commons-fac', { country: 'IRL' }, '/country'],
    ['the slug', 'aukus', { slug: 'aukus-2' }, '/slug'],
    ['an organization down to one member', 'aukus', { members: ['AUS'] }, '/members'],
    ['members for a body of one country', 'gbr-commons-fac', { members: ['GBR', 'IRL'] }, '/members'],
    ['the name removed', 'aukus', { name: null }, '/name'],
    ['a good name with a bad member', 'aukus', { name: 'Renamed', members: ['AUS', 'gbr'] }, '/members'],
  ])('changing %s → 400 naming its pointer, nothing written', async (_case, slug, body, pointer) => {
    await expectRefused(() => api.call('PATCH', `/v1/actors/${slug}`, { body }), pointer);
    expect((await api.call('GET', `/v1/actors/${slug}`, { role: 'reader' })).body.name).not.toBe('Renamed');
  });

  test('an unknown actor → 404, for a read and a revision', async () => {
    expectProblem(await api.call('GET', '/v1/actors/nato', { role: 'reader' }), 404);
    expectProblem(await api.call('PATCH', '/v1/actors/nato', { body: { name: 'NATO' } }), 404);
    expectProblem(await api.call('GET', '/v1/actors/Not_A_Slug', { role: 'reader' }), 404);
  });
});

describe('reading', () => {
  test('the list is by slug, filtered by kind and by country', async () => {
    expect(
      (await api.call('POST', '/v1/actors', { body: { slug: 'kor-assembly', name: 'National Assembly', kind: 'legislature', country: 'KOR' } })).status,
    ).toBe(201);
    const slugs = async (query: string) => (await api.call('GET', `/v1/actors${query}`, { role: 'reader' })).body.items.map((a: { slug: string }) => a.slug);
    expect(await slugs('')).toEqual(['aukus', 'gbr-commons-fac', 'kor-assembly']);
    expect(await slugs('?kind=legislature')).toEqual(['gbr-commons-fac', 'kor-assembly']);
    expect(await slugs('?kind=organization')).toEqual(['aukus']);
    expect(await slugs('?country=GBR')).toEqual(['gbr-commons-fac']);
    expect(await slugs('?kind=party&country=KOR')).toEqual([]);
    expectProblem(await api.call('GET', '/v1/actors?kind=faction', { role: 'reader' }), 400, '/query/kind');
    expectProblem(await api.call('GET', '/v1/actors?country=kor', { role: 'reader' }), 400, '/query/country');
    expectProblem(await api.call('GET', '/v1/actors?colour=blue', { role: 'reader' }), 400, '/query/colour');
  });

  test('roles: no token 401, a reader cannot write 403, a reader reads', async () => {
    expectProblem(await api.call('GET', '/v1/actors', { role: null }), 401);
    expectProblem(await api.call('GET', '/v1/reference/countries', { role: null }), 401);
    expectProblem(await api.call('POST', '/v1/actors', { role: 'reader', body: { ...COMMONS_COMMITTEE, slug: 'reader-made' } }), 403);
    expectProblem(await api.call('PATCH', '/v1/actors/aukus', { role: 'reader', body: { name: 'Reader' } }), 403);
    expect((await api.call('GET', '/v1/actors/aukus', { role: 'reader' })).status).toBe(200);
  });

  test('an actor and the list carry an ETag; If-None-Match answers 304 until the actor changes', async () => {
    for (const path of ['/v1/actors/aukus', '/v1/actors']) {
      const first = await api.call('GET', path, { role: 'reader' });
      const etag = first.headers.get('etag')!;
      expect(etag).toEqual(expect.any(String));
      const again = await api.call('GET', path, { role: 'reader', headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } });
      expect(again.status).toBe(304);
    }
    const etag = (await api.call('GET', '/v1/actors/aukus', { role: 'reader' })).headers.get('etag')!;
    await api.call('PATCH', '/v1/actors/aukus', { body: { description: 'Changed' } });
    const changed = await api.call('GET', '/v1/actors/aukus', { role: 'reader', headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } });
    expect([changed.status, changed.body.description]).toEqual([200, 'Changed']);
  });

  test("the actors' events are in the log, on their streams, and the chain verifies", async () => {
    const events = (await allEvents()).filter((event) => event.streamId.startsWith('actor-'));
    const aukus = events.filter((event) => event.streamId === 'actor-aukus');
    expect(aukus[0]).toMatchObject({ revision: 0, type: 'ActorRegistered', data: { slug: 'aukus', kind: 'organization', members: ['AUS', 'GBR', 'USA'] } });
    expect(aukus[1]).toMatchObject({
      revision: 1,
      type: 'ActorRevised',
      data: { slug: 'aukus', changes: { members: ['USA', 'GBR', 'AUS', 'JPN'], description: 'Trilateral partnership' } },
      metadata: { recordedBy: 'alice' },
    });
    expect(events.map((event) => event.type).filter((type) => type === 'ActorRegistered')).toHaveLength(3);
    const verified = (await api.call('GET', '/v1/audit/verify', { role: 'reader' })).body;
    expect(verified).toMatchObject({ ok: true, eventsChecked: (await allEvents()).length });
  });
});

describe('reference lists', () => {
  test('the countries: current codes, XKX, and former ones marked', async () => {
    const list = await api.call('GET', '/v1/reference/countries', { role: 'reader' });
    const byCode = new Map(list.body.items.map((country: { code: string }) => [country.code, country]));
    expect(byCode.get('KOR')).toEqual({ code: 'KOR', name: expect.stringContaining('Korea'), former: false });
    expect(byCode.get('SUN')).toEqual({ code: 'SUN', name: expect.any(String), former: true });
    expect(byCode.get('XKX')).toEqual({ code: 'XKX', name: 'Kosovo', former: false });
    expectProblem(await api.call('GET', '/v1/reference/countries?code=KOR', { role: 'reader' }), 400, '/query/code');
  });

  test('the CAMEO codebook, leading zeros kept, with goldstein and quadClass', async () => {
    const list = await api.call('GET', '/v1/reference/cameo', { role: 'reader' });
    const entry = list.body.items.find((item: { code: string }) => item.code === '0312');
    expect(entry).toEqual({ code: '0312', description: 'Express intent to cooperate militarily', goldstein: 5.2, quadClass: 1 });
  });
});
