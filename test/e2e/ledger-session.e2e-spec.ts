import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { china, demo, kim, mofa, statementBody } from '../support/demo.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api.stop();
});

function expectProblem(result: CallResult, status: number, pointer?: string) {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toContain('application/problem+json');
  expect(result.body).toMatchObject({ status, type: expect.stringMatching(/^urn:stance-ledger:/), title: expect.any(String), detail: expect.any(String) });
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

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('an analyst session with the AUKUS Pillar II demo data', () => {
  test('health is public; /v1 needs a token, and a reader cannot write', async () => {
    expect((await api.call('GET', '/health', { role: null })).status).toBe(200);
    expect((await api.call('GET', '/health/live', { role: null })).status).toBe(200);
    expectProblem(await api.call('GET', '/v1/topics', { role: null }), 401);
    expectProblem(await api.call('GET', '/v1/topics', { role: null, headers: { authorization: 'Bearer not-a-known-token-at-all' } }), 401);
    expectProblem(await api.call('POST', '/v1/topics', { role: 'reader', body: demo.topics[0] }), 403);
  });

  test('topics register once, list, and revise their title', async () => {
    for (const topic of demo.topics) {
      const created = await api.call('POST', '/v1/topics', { body: topic });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(topic);
      expect(created.headers.get('location')).toBe(`/v1/topics/${topic.slug}`);
      expect(created.headers.get('ledger-position')).toMatch(/^\d+$/);
    }
    expectProblem(await api.call('POST', '/v1/topics', { body: demo.topics[0] }), 409);
    const list = await api.call('GET', '/v1/topics', { role: 'reader' });
    expect(list.body.items.map((t: { slug: string }) => t.slug).sort()).toEqual(demo.topics.map((t) => t.slug).sort());
    expectProblem(await api.call('GET', '/v1/topics/no-such-topic', { role: 'reader' }), 404);
  });

  test('every demo statement records with 201, Location, ETag and Ledger-Position, and reads back', async () => {
    for (const statement of demo.statements) {
      const created = await api.call('POST', '/v1/statements', { body: statement });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/v1/statements/${statement.statementId}`);
      expect(created.headers.get('etag')).toBe('"0"');
      expect(created.body).toMatchObject({
        statementId: statement.statementId,
        revision: 0,
        status: 'active',
        statedAt: statement.statedAt,
        recordedBy: 'alice',
        revisedBy: 'alice',
      });
      expect(created.body.recordedAt).toBe(created.body.revisedAt);
      const read = await api.call('GET', `/v1/statements/${statement.statementId}`, { role: 'reader' });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect(read.headers.get('etag')).toBe('"0"');
    }
  });

  test('recording the same statementId again: same content → 200 and nothing written; other content → 409', async () => {
    const before = (await allEvents()).length;
    const again = await api.call('POST', '/v1/statements', { body: china });
    expect(again.status).toBe(200);
    expect(again.body.statementId).toBe(china.statementId);
    expectProblem(await api.call('POST', '/v1/statements', { body: { ...china, position: 'supports' } }), 409);
    expect((await allEvents()).length).toBe(before);
  });

  test('the stance matrix for a topic, with since and statementCount', async () => {
    const stances = (await api.call('GET', '/v1/stances?topic=aukus-pillar-ii', { role: 'reader' })).body.items;
    expect(stances.map((s: any) => `${s.country}/${s.target}=${s.position}`)).toEqual([
      'AUS/JPN=considering',
      'CHN/JPN=opposes',
      'GBR/JPN=considering',
      'KOR/KOR=considering',
      'USA/CAN=considering',
      'USA/JPN=considering',
      'USA/KOR=considering',
      'USA/NZL=considering',
    ]);
    const korea = stances.find((s: any) => s.country === 'KOR');
    // v2: a stance also names its holder (here the country's government) and how its last statement was attributed and put.
    expect(korea).toEqual({
      holder: 'KOR',
      holderKind: 'country',
      country: 'KOR',
      topic: 'aukus-pillar-ii',
      target: 'KOR',
      position: 'considering',
      score: 1,
      statedAt: '2024-11',
      statementId: kim.statementId,
      since: '2024-04-10',
      statementCount: 2,
      attribution: 'on_record',
      modality: 'firm',
    });
    const none = (await api.call('GET', '/v1/stances?topic=ukraine-monitoring-team&target=none', { role: 'reader' })).body.items;
    expect(none.map((s: any) => [s.country, s.target, s.position])).toEqual([['KOR', null, 'considering']]);
  });

  const history = async () =>
    (await api.call('GET', '/v1/stances/history?country=KOR&topic=aukus-pillar-ii&target=KOR', { role: 'reader' })).body.items.map(
      (item: any) => `${item.statedAt} ${item.position} ${item.score} ${item.change}`,
    );

  test('history lists the key’s statements in order with their change', async () => {
    expect(await history()).toEqual(['2024-04-10 considering 1 initial', '2024-11 considering 1 no_flip']);
    expectProblem(await api.call('GET', '/v1/stances/history?country=KOR&topic=aukus-pillar-ii', { role: 'reader' }), 400, '/query/target');
  });

  test('a correction with If-Match: 200 with the new revision; a stale If-Match 412; a no-op 422; the history follows', async () => {
    const corrected = await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, {
      headers: { 'if-match': '"0"' },
      body: { changes: { position: 'supports' }, reason: 'The source says Seoul welcomed it.' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ revision: 1, position: 'supports', status: 'active', revisedBy: 'alice' });
    expect(corrected.headers.get('etag')).toBe('"1"');
    expectProblem(
      await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, {
        headers: { 'if-match': '"0"' },
        body: { changes: { position: 'neutral' }, reason: 'stale' },
      }),
      412,
    );
    expectProblem(
      await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, { body: { changes: { position: 'supports' }, reason: 'no-op' } }),
      422,
    );
    expectProblem(
      await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, { body: { changes: { recordedBy: 'mallory' }, reason: 'x' } }),
      400,
      '/changes/recordedBy',
    );
    expect(await history()).toEqual(['2024-04-10 supports 2 initial', '2024-11 considering 1 half_flip']);
  });

  test('a correction that moves a statement to another key updates both keys', async () => {
    const moved = await api.call('POST', `/v1/statements/${china.statementId}/corrections`, {
      body: { changes: { target: null }, reason: 'The objection names no country.' },
    });
    expect(moved.status).toBe(200);
    const stances = (await api.call('GET', '/v1/stances?topic=aukus-pillar-ii&country=CHN', { role: 'reader' })).body.items;
    expect(stances.map((s: any) => [s.target, s.position, s.statementCount])).toEqual([[null, 'opposes', 1]]);
    const back = await api.call('POST', `/v1/statements/${china.statementId}/corrections`, {
      body: { changes: { target: 'JPN' }, reason: 'It does: Japan.' },
    });
    expect(back.body.revision).toBe(2);
    const after = (await api.call('GET', '/v1/stances?topic=aukus-pillar-ii&country=CHN', { role: 'reader' })).body.items;
    expect(after.map((s: any) => [s.target, s.position])).toEqual([['JPN', 'opposes']]);
  });

  test('a retraction: the stance falls back to the remaining statement; retracting again is 409', async () => {
    const retracted = await api.call('POST', `/v1/statements/${kim.statementId}/retraction`, { body: { reason: 'Misattributed.' } });
    expect(retracted.status).toBe(200);
    expect(retracted.body).toMatchObject({ status: 'retracted', revision: 1 });
    const korea = (await api.call('GET', '/v1/stances?topic=aukus-pillar-ii&country=KOR', { role: 'reader' })).body.items[0];
    expect([korea.position, korea.since, korea.statementCount]).toEqual(['supports', '2024-04-10', 1]);
    expectProblem(await api.call('POST', `/v1/statements/${kim.statementId}/retraction`, { body: { reason: 'again' } }), 409);
    expectProblem(await api.call('POST', `/v1/statements/${kim.statementId}/corrections`, { body: { changes: { position: 'opposes' }, reason: 'x' } }), 409);
  });

  test('listing statements: filters, newest statedFrom first, and opaque cursors that page through everything once', async () => {
    const all = (await api.call('GET', '/v1/statements?limit=500', { role: 'reader' })).body;
    expect(all.items).toHaveLength(demo.statements.length);
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CallResult = await api.call('GET', `/v1/statements?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { role: 'reader' });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: any) => s.statementId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((s: any) => s.statementId));
    expect(all.items[0].statedAt).toBe('2024-11');
    const joint = (await api.call('GET', `/v1/statements?utteranceId=${demo.statements[0].utteranceId}`, { role: 'reader' })).body.items;
    expect(joint.map((s: any) => s.actor.country).sort()).toEqual(['AUS', 'GBR', 'USA']);
    const korean = (await api.call('GET', '/v1/statements?country=KOR&from=2024-04-10&to=2024-04-10', { role: 'reader' })).body.items;
    expect(korean.map((s: any) => s.statementId)).toEqual([mofa.statementId]);
    const noTarget = (await api.call('GET', '/v1/statements?target=none', { role: 'reader' })).body.items;
    expect(noTarget.map((s: any) => s.topic)).toEqual(['ukraine-monitoring-team']);
    expectProblem(await api.call('GET', '/v1/statements?cursor=bogus', { role: 'reader' }), 400, '/query/cursor');
  });

  test('bad input gets a 400 problem naming the field, and writes nothing', async () => {
    const before = await allEvents();
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ position: 'maybe' }) }), 400, '/position');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ actor: { country: 'XXX' } }) }), 400, '/actor/country');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ colour: 'red' }) }), 400, '/colour');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ statedAt: '2024-02-30' }) }), 400, '/statedAt');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ summary: 'a\u0000b' }) }), 400, '/summary');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ cameoCode: '999' }) }), 400, '/cameoCode');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ topic: 'Not A Slug' }) }), 400, '/topic');
    expectProblem(await api.call('POST', '/v1/statements', { body: statementBody({ topic: 'no-such-topic' }) }), 422);
    expectProblem(await api.call('POST', '/v1/statements', { rawBody: '{"actor":', headers: { 'content-type': 'application/json' } }), 400);
    expectProblem(
      await api.call('POST', '/v1/statements', { rawBody: 'position=supports', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
    );
    expectProblem(
      await api.call('POST', '/v1/statements', {
        rawBody: JSON.stringify({ summary: 'x'.repeat(1_100_000) }),
        headers: { 'content-type': 'application/json' },
      }),
      413,
    );
    expectProblem(await api.call('GET', '/v1/statements?limit=0', { role: 'reader' }), 400, '/query/limit');
    expectProblem(await api.call('GET', '/v1/statements?colour=red', { role: 'reader' }), 400, '/query/colour');
    expectProblem(await api.call('POST', '/v1/statements?dryRun=true', { body: statementBody() }), 400, '/query/dryRun');
    expectProblem(await api.call('GET', '/v1/stances?asOf=yesterday', { role: 'reader' }), 400, '/query/asOf');
    expectProblem(
      await api.call('POST', '/v1/statements/batch', { body: { statements: [statementBody(), statementBody({ position: 'x' })] } }),
      400,
      '/statements/1/position',
    );
    expect(await allEvents()).toEqual(before);
  });

  test('unknown routes are 404 and wrong methods 405 with Allow, both as problems', async () => {
    expectProblem(await api.call('GET', '/v1/nothing-here', { role: 'reader' }), 404);
    expectProblem(await api.call('GET', '/nothing', { role: null }), 404);
    const wrong = await api.call('DELETE', '/v1/topics', { role: 'editor' });
    expectProblem(wrong, 405);
    expect(wrong.headers.get('allow')).toContain('POST');
    expectProblem(await api.call('GET', `/v1/statements/not-a-uuid`, { role: 'reader' }), 404);
    expectProblem(await api.call('GET', `/v1/statements/00000000-0000-4000-8000-000000000000`, { role: 'reader' }), 404);
  });

  test('the log: positions 1..n, and anyone can recompute dataHash and the chain from GET /v1/events', async () => {
    const events = await allEvents();
    let prev = '0'.repeat(64);
    events.forEach((event, index) => {
      expect(event.logPosition).toBe(index + 1);
      expect(event.prevHash).toBe(prev);
      expect(event.dataHash).toBe(sha(canonicalize(event.data)!));
      const { logPosition, streamId, revision, type, dataHash, metadata } = event;
      expect(event.hash).toBe(sha(prev + canonicalize({ logPosition, streamId, revision, type, dataHash, metadata })));
      expect(Object.keys(metadata).sort()).toEqual(['causationId', 'correlationId', 'recordedAt', 'recordedBy', 'schemaVersion']);
      prev = event.hash;
    });
    const recordedAt = events.map((event) => event.metadata.recordedAt);
    expect([...recordedAt].sort()).toEqual(recordedAt);
    const page = await api.call('GET', '/v1/events?after=2&limit=3', { role: 'reader' });
    expect(page.body.items.map((e: any) => e.logPosition)).toEqual([3, 4, 5]);
    expect(page.body.nextAfter).toBe(5);
  });
});

test('path ids that cannot exist (NUL bytes, odd characters) are plain 404s', async () => {
  for (const path of ['/v1/topics/%00', '/v1/topics/A%20B', `/v1/topics/${'a'.repeat(65)}`, '/v1/statements/%00', '/v1/statements/%F0%9F%98%80/events']) {
    expectProblem(await api.call('GET', path, { role: 'reader' }), 404);
  }
  expectProblem(await api.call('PATCH', '/v1/topics/%00', { body: { title: 'x' } }), 404);
  // A path that is not even valid percent-encoding is a malformed request.
  expectProblem(await api.call('GET', '/v1/statements/%ud800/events', { role: 'reader' }), 400);
  expectProblem(await api.call('POST', '/v1/statements/%00/corrections', { body: { changes: { position: 'supports' }, reason: 'x' } }), 404);
});
