import { demo, statementBody } from '../support/demo.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// The v2 statement over HTTP (CONTRACT.md, v2 additions, "Statement — new fields"): who holds
// the position, how it was attributed, how firmly, from which sources — and every bad input
// refused at its pointer with nothing written (issue 14, point 6).

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  expect((await api.call('POST', '/v1/actors', { body: { slug: 'aukus', name: 'AUKUS', kind: 'organization', members: ['AUS', 'GBR', 'USA'] } })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await api.stop();
});

async function eventCount(): Promise<number> {
  return (await api.call('GET', '/v1/events?limit=1000', { role: 'reader' })).body.items.length;
}

/** Sends `request`, expects `status` as a problem naming `pointer` (when given), and that nothing was written. */
async function expectRefused(request: () => Promise<CallResult>, status: number, pointer?: string): Promise<CallResult> {
  const before = await eventCount();
  const result = await request();
  expect([result.status, result.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
  if (pointer) expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual([pointer]);
  expect(await eventCount()).toBe(before);
  return result;
}

const TOPIC = 'aukus-pillar-ii';

/** "Kim Tae-hyo said AUKUS asked Seoul to join": AUKUS's position, reported by a Korean official, from a print source dated to the month. */
const REPORTED = {
  holder: 'aukus',
  attribution: 'reported',
  modality: 'firm',
  actor: { country: 'KOR', body: 'National Security Office', person: 'Kim Tae-hyo', role: 'First Deputy Director' },
  topic: TOPIC,
  target: 'KOR',
  position: 'considering',
  statedAt: '2024-11',
  sources: [
    { url: null, publisher: 'Korea Pro', title: 'Seoul weighs Pillar II', publishedAt: '2024-11' },
    { url: 'https://example.org/yonhap/aukus', publisher: 'Yonhap', title: null, publishedAt: '2024-11-06' },
  ],
};

describe('recording the new fields', () => {
  test('a reported position held by an actor, with two sources (one offline, dated to the month): stored and answered with source = sources[0]', async () => {
    const written = await api.call('POST', '/v1/statements', { body: REPORTED });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ ...REPORTED, source: REPORTED.sources[0] });
    const read = await api.call('GET', `/v1/statements/${written.body.statementId}`, { role: 'reader' });
    expect(read.body).toEqual(written.body);
    const [event] = (await api.call('GET', `/v1/statements/${written.body.statementId}/events`, { role: 'reader' })).body.items;
    expect(event.metadata.schemaVersion).toBe(2);
    expect(Object.keys(event.data)).toEqual(expect.arrayContaining(['holder', 'attribution', 'modality', 'sources']));
    expect(Object.keys(event.data)).not.toContain('source');
  });

  test('an unnamed official, hedged, at some time within an interval: the holder defaults to actor.country; statedAt returned as sent', async () => {
    const body = statementBody({ actor: { country: 'USA', body: 'National Security Council' }, attribution: 'unnamed_official', modality: 'hedged' });
    const written = await api.call('POST', '/v1/statements', { body: { ...body, statedAt: '2024-11-05/2024-11-20' } });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ holder: 'USA', attribution: 'unnamed_official', modality: 'hedged', statedAt: '2024-11-05/2024-11-20' });
    // The defaulted holder sits where GET serves it: one field order for every answer.
    const read = await api.call('GET', `/v1/statements/${written.body.statementId}`, { role: 'reader' });
    expect(Object.keys(written.body)).toEqual(Object.keys(read.body));
  });

  test('a v1 body (source, no holder) gets the defaults: holder = actor.country, on_record, firm, sources = [source]', async () => {
    const body = statementBody({ summary: 'v1 body' });
    const written = await api.call('POST', '/v1/statements', { body });
    expect(written.status).toBe(201);
    const source = { ...(body.source as object), title: null };
    expect(written.body).toMatchObject({ holder: written.body.actor.country, attribution: 'on_record', modality: 'firm', source, sources: [source] });
  });

  test('with a holder given, the speaker may be named without a country', async () => {
    const body = { ...REPORTED, actor: { person: 'A senior official' }, attribution: 'unnamed_official', statedAt: '2024-10' };
    const written = await api.call('POST', '/v1/statements', { body });
    expect(written.status).toBe(201);
    expect(written.body.actor).toEqual({ country: null, body: null, person: 'A senior official', role: null });
  });

  test('a correction of actor.country moves the holder with it; a source patch changes sources[0] only; sources replaces the list', async () => {
    const { source: _one, ...body } = statementBody({ summary: 'to be corrected' });
    const written = await api.call('POST', '/v1/statements', { body: { ...body, sources: REPORTED.sources } });
    expect(written.status).toBe(201);
    const id = written.body.statementId;
    const moved = await api.call('POST', `/v1/statements/${id}/corrections`, { body: { changes: { actor: { country: 'JPN' } }, reason: 'Wrong country' } });
    expect(moved.body).toMatchObject({ holder: 'JPN', actor: { country: 'JPN' } });
    const titled = await api.call('POST', `/v1/statements/${id}/corrections`, { body: { changes: { source: { title: 'Retitled' } }, reason: 'Title' } });
    expect(titled.body.sources).toEqual([{ ...REPORTED.sources[0], title: 'Retitled' }, REPORTED.sources[1]]);
    const replaced = await api.call('POST', `/v1/statements/${id}/corrections`, {
      body: { changes: { sources: [REPORTED.sources[1]] }, reason: 'One source' },
    });
    expect([replaced.body.sources, replaced.body.source]).toEqual([[REPORTED.sources[1]], REPORTED.sources[1]]);
  });
});

describe('bad input: refused at its pointer, nothing written', () => {
  test.each([
    ['a holder in lower case (a country code is never a slug)', { ...REPORTED, holder: 'kor' }, '/holder'],
    ['a holder that is neither a code nor a slug', { ...REPORTED, holder: 'AUKUS!' }, '/holder'],
    ['an actor slug as actor.country', { ...REPORTED, actor: { country: 'aukus' } }, '/actor/country'],
    ['source and sources together', { ...REPORTED, source: REPORTED.sources[0] }, '/source'],
    ['a source with neither url nor publisher', { ...REPORTED, sources: [REPORTED.sources[0], { title: 'x' }] }, '/sources/1'],
    ['a v1 source with neither url nor publisher', { ...statementBody(), source: { publishedAt: '2024-01-01' } }, '/source'],
    ['no sources', { ...REPORTED, sources: [] }, '/sources'],
    ['21 sources', { ...REPORTED, sources: Array.from({ length: 21 }, () => REPORTED.sources[1]) }, '/sources'],
    ['a title over 500 code points', { ...REPORTED, sources: [{ publisher: 'x', title: 'x'.repeat(501) }] }, '/sources/0/title'],
    ['a publishedAt that is no date', { ...REPORTED, sources: [{ publisher: 'x', publishedAt: 'last week' }] }, '/sources/0/publishedAt'],
    ['an unknown attribution', { ...REPORTED, attribution: 'rumour' }, '/attribution'],
    ['an unknown modality', { ...REPORTED, modality: 'maybe' }, '/modality'],
    ['an interval whose start is not before its end', { ...REPORTED, statedAt: '2024-12/2024-11' }, '/statedAt'],
    ['a holder given, but no speaker at all', { ...REPORTED, actor: {} }, '/actor'],
    ['no holder and no actor.country', { ...statementBody(), actor: { body: 'Ministry of Foreign Affairs' } }, '/actor/country'],
    ['a holder removed by null is no holder: the speaker country is then required', { ...REPORTED, holder: null, actor: { person: 'x' } }, '/actor/country'],
  ])('%s → 400', async (_case, body, pointer) => {
    await expectRefused(() => api.call('POST', '/v1/statements', { body }), 400, pointer);
  });

  test('an unregistered actor as holder or as target → 422 naming the slug, nothing written', async () => {
    const holder = await expectRefused(() => api.call('POST', '/v1/statements', { body: { ...REPORTED, holder: 'nato' } }), 422);
    expect(holder.body.detail).toContain('nato');
    const target = await expectRefused(() => api.call('POST', '/v1/statements', { body: { ...statementBody(), target: 'quad' } }), 422);
    expect(target.body.detail).toContain('quad');
  });

  test('in a batch, each bad item at its own pointer; an unregistered holder refuses the whole batch', async () => {
    const batch = { statements: [statementBody({ summary: 'ok' }), { ...REPORTED, sources: [{ title: 'x' }] }] };
    await expectRefused(() => api.call('POST', '/v1/statements/batch', { body: batch }), 400, '/statements/1/sources/0');
    const unregistered = { statements: [statementBody({ summary: 'ok 2' }), { ...REPORTED, holder: 'nato' }] };
    await expectRefused(() => api.call('POST', '/v1/statements/batch', { body: unregistered }), 422);
  });

  test('a correction: source with sources → 400 at /changes/source; holder removed → 400; an unregistered holder → 422', async () => {
    const id = (await api.call('POST', '/v1/statements', { body: statementBody({ summary: 'for bad corrections', statedAt: '2023-01-02' }) })).body.statementId;
    const correct = (changes: unknown) => () => api.call('POST', `/v1/statements/${id}/corrections`, { body: { changes, reason: 'x' } });
    await expectRefused(correct({ source: { title: 'x' }, sources: REPORTED.sources }), 400, '/changes/source');
    await expectRefused(correct({ holder: null }), 400, '/changes/holder');
    await expectRefused(correct({ sources: [{ title: 'x' }] }), 400, '/changes/sources/0');
    await expectRefused(correct({ holder: 'nato' }), 422);
  });
});

describe('duplicates: an active statement alike in holder, topic, target, position, statedAt, quote, speaker and primary source', () => {
  const ALIKE = { ...REPORTED, statedAt: '2024-09', summary: 'first' };

  test('recorded again (another summary, another second source) → 409 duplicate naming it, at the top and in errors; nothing written', async () => {
    const first = await api.call('POST', '/v1/statements', { body: ALIKE });
    expect(first.status).toBe(201);
    const again = await expectRefused(() => api.call('POST', '/v1/statements', { body: { ...ALIKE, summary: 'again', sources: [ALIKE.sources[0]] } }), 409);
    expect(again.body).toMatchObject({
      type: 'urn:stance-ledger:duplicate',
      duplicateOf: first.body.statementId,
      errors: [{ pointer: '', duplicateOf: first.body.statementId }],
    });
  });

  test('in a batch: each duplicate item its own error with its pointer; of two items alike, the second is named', async () => {
    const alike = { ...REPORTED, statedAt: '2024-08' };
    const batch = { statements: [statementBody({ summary: 'fresh', statedAt: '2023-01-03' }), alike, { ...alike, summary: 'the same again' }] };
    const refused = await expectRefused(() => api.call('POST', '/v1/statements/batch', { body: batch }), 409);
    expect(refused.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/statements/2']);
    const existing = (await api.call('GET', '/v1/statements?topic=aukus-pillar-ii&limit=100', { role: 'reader' })).body.items.find(
      (statement: { summary: string | null; statedAt: string }) => statement.summary === 'first' && statement.statedAt === '2024-09',
    );
    const withOld = await expectRefused(
      () => api.call('POST', '/v1/statements/batch', { body: { statements: [statementBody({ summary: 'x', statedAt: '2023-01-04' }), ALIKE] } }),
      409,
    );
    expect(withOld.body.errors).toEqual([{ pointer: '/statements/1', detail: expect.any(String), duplicateOf: existing.statementId }]);
  });

  test('a correction into a duplicate → 409; a retraction frees the tuple; a client-chosen id re-sent with the same content is still 200', async () => {
    const base = { ...REPORTED, statedAt: '2024-07' };
    const a = await api.call('POST', '/v1/statements', { body: base });
    const b = await api.call('POST', '/v1/statements', { body: { ...base, position: 'supports' } });
    expect([a.status, b.status]).toEqual([201, 201]);
    const corrected = await expectRefused(
      () => api.call('POST', `/v1/statements/${b.body.statementId}/corrections`, { body: { changes: { position: 'considering' }, reason: 'x' } }),
      409,
    );
    expect(corrected.body.duplicateOf).toBe(a.body.statementId);
    expect((await api.call('POST', `/v1/statements/${a.body.statementId}/retraction`, { body: { reason: 'wrong' } })).status).toBe(200);
    const freed = await api.call('POST', `/v1/statements/${b.body.statementId}/corrections`, { body: { changes: { position: 'considering' }, reason: 'x' } });
    expect(freed.status).toBe(200);
    const id = '0190a6f0-0000-7000-8000-00000000d0d0';
    const chosen = { statementId: id, ...base, statedAt: '2024-06' };
    expect((await api.call('POST', '/v1/statements', { body: chosen })).status).toBe(201);
    expect((await api.call('POST', '/v1/statements', { body: chosen })).status).toBe(200);
  });

  test('an Idempotency-Key replay comes before the duplicate rule: the first answer again', async () => {
    const body = { ...REPORTED, statedAt: '2024-05' };
    const headers = { 'Idempotency-Key': 'dup-precedence-1' };
    const first = await api.call('POST', '/v1/statements', { body, headers });
    const replay = await api.call('POST', '/v1/statements', { body, headers });
    expect([first.status, replay.status, replay.body]).toEqual([201, 201, first.body]);
  });

  test('two racing duplicates: exactly one is recorded', async () => {
    const body = { ...REPORTED, statedAt: '2024-04' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.call('POST', '/v1/statements', { body })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((answer) => answer.status === 201)!.body.statementId;
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.duplicateOf).toBe(winner);
  });
});
