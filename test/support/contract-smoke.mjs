#!/usr/bin/env node
// Contract smoke test: drives a running Stance Ledger over HTTP with the first release's demo data
// (test/fixtures/aukus-demo-v1.json, v1 bodies) and checks the shapes and rules of the API reference (docs/api.md).
// Run it from the repository against a server on an EMPTY ledger:
//   BASE_URL=http://127.0.0.1:3000 EDITOR_TOKEN=… READER_TOKEN=… node test/support/contract-smoke.mjs
// It needs nothing but Node 20 (no build, no dependency). It is a floor, not the whole
// reference; test/e2e/contract-smoke.e2e-spec.ts runs it against a fresh server.
import crypto from 'node:crypto';
import fs from 'node:fs';

const BASE = process.env.BASE_URL || 'http://127.0.0.1:3000';
const E = process.env.EDITOR_TOKEN,
  R = process.env.READER_TOKEN || process.env.EDITOR_TOKEN;
if (!E) {
  console.error('set EDITOR_TOKEN (and READER_TOKEN)');
  process.exit(2);
}
const demo = JSON.parse(fs.readFileSync(new URL('../fixtures/aukus-demo-v1.json', import.meta.url), 'utf8'));

const canonical = (v) =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v)
          .filter((k) => v[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`;
const sha = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const eq = (a, b, m) => {
  if (canonical(a ?? null) !== canonical(b ?? null)) throw new Error(`${m}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`);
};
const ok = (c, m) => {
  if (!c) throw new Error(m);
};
async function api(method, path, { token, body, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const r = await fetch(BASE + path, { method, headers: h, body: payload });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: json stays undefined */
  }
  return { status: r.status, headers: r.headers, json, text };
}
const problem = (r, status, pointer) => {
  eq(r.status, status, 'status');
  ok((r.headers.get('content-type') || '').includes('application/problem+json'), `content-type ${r.headers.get('content-type')}`);
  ok(r.json?.type?.startsWith('urn:stance-ledger:') && r.json.title && r.json.status === status, `problem body ${r.text.slice(0, 160)}`);
  if (pointer)
    ok(
      (r.json.errors || []).some((e) => e.pointer === pointer),
      `no error with pointer ${pointer}: ${JSON.stringify(r.json.errors)}`,
    );
};
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
async function events() {
  const out = [];
  let after = 0;
  for (;;) {
    const r = await api('GET', `/v1/events?after=${after}&limit=1000`, { token: R });
    eq(r.status, 200, 'events');
    out.push(...r.json.items);
    if (r.json.nextAfter == null) return out;
    after = r.json.nextAfter;
  }
}

const kim = demo.statements.find((s) => s.actor.person === 'Kim Tae-hyo' && s.topic === 'aukus-pillar-ii');
const mofa = demo.statements.find((s) => s.actor.country === 'KOR' && s.statedAt === '2024-04-10');

await check('public health; /v1 needs a token', async () => {
  eq((await fetch(BASE + '/health')).status, 200, '/health');
  problem(await api('GET', '/v1/topics'), 401);
  problem(await api('POST', '/v1/topics', { token: R === E ? 'x'.repeat(20) : R, body: demo.topics[0] }), R === E ? 401 : 403);
});
await check('topics: register, list, conflict', async () => {
  for (const t of demo.topics) {
    const r = await api('POST', '/v1/topics', { token: E, body: t });
    eq(r.status, 201, `register ${t.slug}`);
  }
  problem(await api('POST', '/v1/topics', { token: E, body: demo.topics[0] }), 409);
  eq((await api('GET', '/v1/topics', { token: R })).json?.items?.map((t) => t.slug).sort(), demo.topics.map((t) => t.slug).sort(), 'list');
});
await check('record the demo statements: 201 with the Statement, Location, ETag, Ledger-Position', async () => {
  for (const s of demo.statements) {
    const r = await api('POST', '/v1/statements', { token: E, body: s });
    eq(r.status, 201, `record ${s.statementId}: ${r.text.slice(0, 200)}`);
    eq([r.json.statementId, r.json.revision, r.json.status, r.json.statedAt], [s.statementId, 0, 'active', s.statedAt], 'body');
    ok((r.headers.get('location') || '').endsWith(`/v1/statements/${s.statementId}`), 'Location');
    eq(r.headers.get('etag'), '"0"', 'ETag');
    ok(/^\d+$/.test(r.headers.get('ledger-position') || ''), 'Ledger-Position');
  }
});
await check('stance matrix and KOR detail', async () => {
  const it = (await api('GET', '/v1/stances?topic=aukus-pillar-ii', { token: R })).json.items;
  eq(
    it.map((x) => `${x.country}/${x.target}=${x.position}`).sort(),
    [
      'AUS/JPN=considering',
      'CHN/JPN=opposes',
      'GBR/JPN=considering',
      'KOR/KOR=considering',
      'USA/CAN=considering',
      'USA/JPN=considering',
      'USA/KOR=considering',
      'USA/NZL=considering',
    ],
    'matrix',
  );
  const k = it.find((x) => x.country === 'KOR');
  eq([k.score, k.statedAt, k.since, k.statementCount, k.statementId], [1, '2024-11', '2024-04-10', 2, kim.statementId], 'KOR');
  const u = (await api('GET', '/v1/stances?topic=ukraine-monitoring-team&target=none', { token: R })).json.items;
  eq(
    u.map((x) => [x.country, x.target, x.position]),
    [['KOR', null, 'considering']],
    'no-target stance',
  );
});
const hist = async () =>
  (await api('GET', '/v1/stances/history?country=KOR&topic=aukus-pillar-ii&target=KOR', { token: R })).json.items.map(
    (x) => `${x.statedAt} ${x.position} ${x.change}`,
  );
await check('history', async () => eq(await hist(), ['2024-04-10 considering initial', '2024-11 considering no_flip'], 'history'));
await check('correction: If-Match, 412, 422, flips recomputed', async () => {
  const c = await api('POST', `/v1/statements/${mofa.statementId}/corrections`, {
    token: E,
    headers: { 'if-match': '"0"' },
    body: { changes: { position: 'supports' }, reason: 'Source says Seoul welcomed it.' },
  });
  eq([c.status, c.json?.revision, c.json?.position, c.headers.get('etag')], [200, 1, 'supports', '"1"'], 'correct');
  problem(
    await api('POST', `/v1/statements/${mofa.statementId}/corrections`, {
      token: E,
      headers: { 'if-match': '"0"' },
      body: { changes: { position: 'neutral' }, reason: 'x' },
    }),
    412,
  );
  problem(await api('POST', `/v1/statements/${mofa.statementId}/corrections`, { token: E, body: { changes: { position: 'supports' }, reason: 'x' } }), 422);
  eq(await hist(), ['2024-04-10 supports initial', '2024-11 considering half_flip'], 'history after correction');
});
await check('retraction: stance falls back; 409 afterwards', async () => {
  const r = await api('POST', `/v1/statements/${kim.statementId}/retraction`, { token: E, body: { reason: 'Misattributed.' } });
  eq([r.status, r.json?.status, r.json?.revision], [200, 'retracted', 1], 'retract');
  const k = (await api('GET', '/v1/stances?topic=aukus-pillar-ii&country=KOR', { token: R })).json.items[0];
  eq([k.position, k.since, k.statementCount], ['supports', '2024-04-10', 1], 'fallback');
  problem(await api('POST', `/v1/statements/${kim.statementId}/retraction`, { token: E, body: { reason: 'again' } }), 409);
});
await check('bad input: 400 with pointer, nothing written', async () => {
  const before = (await events()).length;
  const s = { ...demo.statements[3] };
  delete s.statementId;
  problem(await api('POST', '/v1/statements', { token: E, body: { ...s, position: 'maybe' } }), 400, '/position');
  problem(await api('POST', '/v1/statements', { token: E, body: { ...s, actor: { country: 'XXX' } } }), 400, '/actor/country');
  problem(await api('POST', '/v1/statements', { token: E, body: { ...s, topic: 'no-such-topic' } }), 422);
  problem(await api('POST', '/v1/statements', { token: E, raw: '{"actor":', headers: { 'content-type': 'application/json' } }), 400);
  problem(await api('GET', '/v1/statements?limit=0', { token: R }), 400, '/query/limit');
  eq((await events()).length, before, 'events written by bad input');
});
await check('the log: positions 1..n, dataHash and chain recompute', async () => {
  const ev = await events();
  let prev = '0'.repeat(64);
  ev.forEach((e, i) => {
    eq(e.logPosition, i + 1, 'logPosition');
    eq(e.prevHash, prev, `prevHash at ${e.logPosition}`);
    eq(e.dataHash, sha(canonical(e.data)), `dataHash at ${e.logPosition}`);
    eq(
      e.hash,
      sha(
        prev + canonical({ logPosition: e.logPosition, streamId: e.streamId, revision: e.revision, type: e.type, dataHash: e.dataHash, metadata: e.metadata }),
      ),
      `hash at ${e.logPosition}`,
    );
    prev = e.hash;
  });
  eq(ev.length, demo.topics.length + demo.statements.length + 2, 'event count');
});
const n = results.filter(Boolean).length;
console.log(`${n} passed, ${results.length - n} failed`);
process.exit(n === results.length ? 0 : 1);
