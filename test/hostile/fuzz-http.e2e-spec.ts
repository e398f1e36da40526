import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { demo } from '../support/demo.js';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';
import { Case, FuzzRunner, fixed, type Plan } from './support/fuzz-harness.js';
import { RawClient, type RawRequest, type RawResponse } from './support/raw-http.js';
import {
  COUNTRIES,
  POLLUTION_PROBE,
  POSITIONS,
  expectedView,
  freeText,
  setAt,
  statementDefect,
  textFieldDefect,
  textOfLength,
  toJsonText,
  unknownFieldDefect,
  validStatedAt,
  validStatement,
  type Body,
  type Defect,
  type Json,
} from './support/statement-model.js';

/**
 * Property-based fuzzing of every endpoint of CONTRACT.md with an admin key (never rate
 * limited). Each property has a fixed seed, so a failure replays: fast-check prints the seed
 * and the path of the failing case (re-run with FUZZ_SEED=<seed> to explore other seeds,
 * FUZZ_SCALE=<n> for n times as many runs). Every answer must be a problem+json refusal of
 * the contract, or a 2xx the model of valid input agrees with — never a 5xx or a hang —
 * and a refusal must leave the log head (logPosition, hash) and the idempotency keys as
 * they were.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/**
 * A property's budget: its ~1,000 requests take 20–40 s on a quiet machine, and several times
 * that while other sessions load the shared cores (one took over 120 s at a load average of
 * 9); a generous ceiling, scaled with FUZZ_SCALE, so only a hang fails it.
 */
const FUZZ_TEST_TIMEOUT_MS = 600_000 * Math.max(1, SCALE);
const settings = (offset: number, numRuns: number) => ({ seed: SEED + offset, numRuns: runs(numRuns), endOnFailure: true });

const JSON_TYPE = { 'content-type': 'application/json' };
const ONE_MIB = 1024 * 1024;

interface Known {
  revision: number;
  retracted: boolean;
  /** The content as first recorded (what a same-content re-record must match); null: not tracked. */
  recorded: Body;
  /** The current view, as long as no correction changed it. */
  view: Record<string, unknown> | null;
}

interface StoredAnswer {
  text: string;
  status: number;
  json: unknown;
}

/** What the ledger holds, as far as this test knows: the oracle's state. */
const ledger = {
  topics: new Map<string, { title: string; description: string | null }>(),
  statements: new Map<string, Known>(),
  /** `${route}\n${key}` → the first answer to that Idempotency-Key. */
  keys: new Map<string, StoredAnswer>(),
  keyCounter: 0,
};

let api: TestServer;
let client: RawClient;
let runner: FuzzRunner;
let prototypeBefore: string[];

beforeAll(async () => {
  prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  api = await startTestServer();
  client = new RawClient(api.url);
  runner = new FuzzRunner(client, api.db.url, `Bearer ${TOKENS.admin}`);
  await runner.open();
  for (const topic of demo.topics) {
    expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
    ledger.topics.set(topic.slug, { title: topic.title, description: topic.description });
  }
  for (const statement of demo.statements) {
    const created = await api.call('POST', '/v1/statements', { body: statement });
    expect(created.status).toBe(201);
    ledger.statements.set(statement.statementId, { revision: 0, retracted: false, recorded: statement, view: created.body });
  }
  const retracted = demo.statements[0].statementId;
  const retraction = await api.call('POST', `/v1/statements/${retracted}/retraction`, { body: { reason: 'fixture: a retracted statement' } });
  expect(retraction.status).toBe(200);
  Object.assign(ledger.statements.get(retracted)!, { revision: 1, retracted: true, view: retraction.body });
}, 60_000);

afterAll(async () => {
  if (runner) {
    console.log(`HTTP fuzzing (seed ${SEED}, scale ${SCALE}): ${runner.summary()}`);
    await runner.close();
  }
  client?.close();
  await api?.stop();
});

// ---------------------------------------------------------------- shared pieces

function request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = JSON_TYPE): RawRequest {
  return { method, path, body, headers };
}

const registeredTopics = () => [...ledger.topics.keys()];
const knownIds = () => [...ledger.statements.keys()];
const nextKey = (prefix: string) => `${prefix}-${SEED}-${++ledger.keyCounter}`;

/** Bodies no POST route accepts: not JSON, not an object, truncated, or an object with a member none takes. */
function garbageBody(validText: string): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.nat().map((cut) => validText.slice(0, cut % validText.length)),
    fc.constantFrom(
      'null',
      'true',
      '1',
      '"x"',
      '[]',
      '[{}]',
      '{',
      '}',
      '{"a":}',
      '{"a":1,}',
      "{'a':1}",
      '{"a":1}{"b":2}',
      '\ufeff{}',
      '{"a":NaN}',
      '{"a":undefined}',
      '{"a":0x10}',
    ),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ zzUnknown: value })),
  );
}

/** Content-Type headers that name JSON, and some that do not (with what each must get). */
const GOOD_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/merge-patch+json',
  'application/vnd.stance+json; version=1',
];
const BAD_TYPES: [string | null, number[]][] = [
  [null, [415]],
  ['text/plain', [415]],
  ['text/json', [415]],
  ['application/x-www-form-urlencoded', [415]],
  ['multipart/form-data; boundary=x', [415]],
  ['application/jsonp', [415]],
  ['application/json-patch', [415]],
  ['', [415]],
  ['json', [415]],
  ['*/*', [415]],
  ['application/xml', [415]],
  ['application/json; charset=latin1', [415]],
  ['application/json; charset=utf-16', [400, 415]],
  ['application/json; charset=utf-32', [400, 415]],
];

/** Idempotency-Key values the contract refuses (1–255 visible ASCII characters). */
const BAD_KEYS = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 256, max: 400 }).map((n) => 'k'.repeat(n)),
  fc.constantFrom('clé', Buffer.from('키-1').toString('latin1'), Buffer.from('ключ').toString('latin1'), 'a\tb'),
);

function statementsOf(bodies: Body[]): string {
  return toJsonText({ statements: bodies });
}

function sameJsonReordered(text: string): string {
  // The same RFC 8785 form, written differently: members reversed, with whitespace.
  const reorder = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reorder);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, reorder(v)]),
      );
    return value;
  };
  return JSON.stringify(reorder(JSON.parse(text)), null, 2);
}

/** Checks a recorded Statement against the body sent, and books it; a 200 is an id already recorded with this content. */
function bookRecorded(response: RawResponse, body: Body, head: number, moved: number, status = 201): void {
  expect(response.status).toBe(status);
  expect(moved).toBe(status === 201 ? 1 : 0);
  const view = response.json;
  const known = ledger.statements.get(view.statementId);
  if (status === 200) {
    expect(known).toBeDefined();
    expect([view.revision, view.status]).toEqual([known!.revision, known!.retracted ? 'retracted' : 'active']);
    if (known!.revision > 0) return;
  }
  for (const [field, value] of Object.entries(expectedView(body))) expect([field, view[field]]).toEqual([field, value]);
  if (status === 201) {
    expect(view).toMatchObject({ revision: 0, status: 'active', recordedBy: 'root', revisedBy: 'root' });
    expect(response.headers['ledger-position']).toBe(String(head));
    expect(response.headers.etag).toBe('"0"');
    expect(response.headers.location).toBe(`/v1/statements/${view.statementId}`);
    ledger.statements.set(view.statementId, { revision: 0, retracted: false, recorded: body, view });
  }
}

function keyed(route: string, key: string | undefined, text: string, plan: Plan): Plan {
  if (key === undefined) return plan;
  const stored = ledger.keys.get(`${route}\n${key}`);
  if (stored) {
    // A key seen before: the same body replays the first answer, another body is a 422.
    if (!canonicalEqual(stored.text, text)) return { statuses: [422] };
    return {
      statuses: [stored.status],
      accepted: (response, moved) => {
        expect(moved).toBe(0);
        expect(response.headers['idempotent-replayed']).toBe('true');
        expect(response.json).toEqual(stored.json);
      },
    };
  }
  return {
    ...plan,
    accepted: async (response, moved, head) => {
      await plan.accepted?.(response, moved, head);
      ledger.keys.set(`${route}\n${key}`, { text, status: response.status, json: response.json });
    },
  };
}

/** A key already used on `route`, sent again with the same body (written differently) or with `otherBody`. */
function replayCase(group: string, route: string, index: number, otherBody: string | null): Case {
  return new Case(
    `${group}: Idempotency-Key again, ${otherBody === null ? 'same' : 'other'} body`,
    () => {
      const used = [...ledger.keys.keys()].filter((slot) => slot.startsWith(`${route}\n`));
      if (used.length === 0) return { request: request('GET', '/v1/topics'), plan: { statuses: [200] } };
      const key = used[index % used.length].split('\n')[1];
      const text = otherBody ?? sameJsonReordered(ledger.keys.get(`${route}\n${key}`)!.text);
      return { request: request('POST', route, text, { ...JSON_TYPE, 'idempotency-key': key }), plan: keyed(route, key, text, { statuses: [] }) };
    },
    'replay',
  );
}

function canonicalEqual(a: string, b: string): boolean {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as any)[k])]),
      );
    return value;
  };
  return JSON.stringify(canonical(JSON.parse(a))) === JSON.stringify(canonical(JSON.parse(b)));
}

function defective(base: Body, defect: Defect): string {
  const body = structuredClone(base);
  defect.apply(body);
  return toJsonText(body);
}

// ---------------------------------------------------------------- POST /v1/statements

function recordStatementCases(): fc.Arbitrary<Case> {
  const topics = { topics: registeredTopics() };
  const route = '/v1/statements';
  const valid = validStatement(topics);
  const record = (label: string, body: string | Buffer, headers: Record<string, string>, plan: () => Plan, describe = '') =>
    new Case(label, () => ({ request: request('POST', route, body, headers), plan: plan() }), describe);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(valid, fc.option(fc.constantFrom(...GOOD_TYPES))).map(([body, type]) => {
        const text = toJsonText(body);
        return record('statements: valid', text, { 'content-type': type ?? 'application/json' }, () => ({
          statuses: [201],
          accepted: (response, moved, head) => bookRecorded(response, body, head, moved),
        }));
      }),
    },
    {
      weight: 8,
      arbitrary: fc.tuple(valid, statementDefect(), fc.boolean()).map(([body, defect, withKey]) => {
        const headers: Record<string, string> = withKey ? { ...JSON_TYPE, 'idempotency-key': nextKey('defect') } : JSON_TYPE;
        return record(`statements: ${defect.kind}`, defective(body, defect), headers, () => ({ statuses: [400], pointer: defect.pointer }));
      }),
    },
    {
      weight: 1,
      arbitrary: validStatement({ topics: ['never-registered', 'x-1', 'a'.repeat(64)] }).map((body) =>
        record('statements: unregistered topic', toJsonText(body), JSON_TYPE, () => ({ statuses: [422] })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([index, same]) => {
        const fixture = demo.statements[index % demo.statements.length];
        const body: Body = same ? fixture : { ...fixture, summary: `${fixture.summary} (altered)` };
        return record(`statements: known id, ${same ? 'same' : 'other'} content`, toJsonText(body), JSON_TYPE, () =>
          same ? { statuses: [200], accepted: (response, moved, head) => bookRecorded(response, body, head, moved, 200) } : { statuses: [409] },
        );
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validStatement(topics, { statementId: 'never' }), fc.constantFrom(...BAD_TYPES))
        .map(([body, [type, statuses]]) =>
          record(`statements: Content-Type ${JSON.stringify(type)}`, toJsonText(body), type === null ? {} : { 'content-type': type }, () => ({ statuses })),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(validStatement(topics, { statementId: 'never' }), fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip'))
        .map(([body, encoding]) =>
          record(`statements: Content-Encoding ${encoding} (body not encoded)`, toJsonText(body), { ...JSON_TYPE, 'content-encoding': encoding }, () =>
            encoding === 'identity'
              ? { statuses: [201], accepted: (response, moved, head) => bookRecorded(response, body, head, moved) }
              : { statuses: [400, 415] },
          ),
        ),
    },
    {
      weight: 1,
      arbitrary: validStatement(topics, { statementId: 'never' }).map((body) =>
        record('statements: gzip-encoded body', gzipSync(toJsonText(body)), { ...JSON_TYPE, 'content-encoding': 'gzip' }, () => ({
          statuses: [201, 415],
          accepted: (response, moved, head) => bookRecorded(response, body, head, moved),
        })),
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(validStatement(topics, { statementId: 'never' }), fc.oneof(fc.constant(''), fc.constant('k'.repeat(255)))).map(([body, suffix]) => {
        const text = toJsonText(body);
        const key = (nextKey('fresh') + suffix).slice(0, 255);
        return record('statements: fresh Idempotency-Key', text, { ...JSON_TYPE, 'idempotency-key': key }, () =>
          keyed(route, key, text, { statuses: [201], accepted: (response, moved, head) => bookRecorded(response, body, head, moved) }),
        );
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat(), fc.boolean(), validStatement(topics, { statementId: 'never' }))
        .map(([index, same, other]) => replayCase('statements', route, index, same ? null : toJsonText(other))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(validStatement(topics, { statementId: 'never' }), BAD_KEYS).map(([body, key]) =>
        record('statements: bad Idempotency-Key', toJsonText(body), { ...JSON_TYPE, 'idempotency-key': key }, () => ({
          statuses: [400],
          pointer: '/headers/idempotency-key',
        })),
      ),
    },
    {
      weight: 2,
      arbitrary: valid
        .chain((body) => garbageBody(toJsonText(body)))
        .map((text) => record('statements: garbage body', text, JSON_TYPE, () => ({ statuses: [400] }))),
    },
  );
}

// ---------------------------------------------------------------- POST /v1/statements/batch

function recordBatchCases(): fc.Arbitrary<Case> {
  const topics = { topics: registeredTopics() };
  const route = '/v1/statements/batch';
  const items = fc
    .array(validStatement(topics), { minLength: 1, maxLength: 4 })
    .filter((list) => new Set(list.map((b) => String(b.statementId ?? Math.random()).toLowerCase())).size === list.length);
  const batch = (label: string, text: string | Buffer, plan: () => Plan, headers: Record<string, string> = JSON_TYPE) =>
    new Case(label, () => ({ request: request('POST', route, text, headers), plan: plan() }), '');
  const written = (bodies: Body[], newOnes: number) => (response: RawResponse, moved: number, head: number) => {
    expect(response.status).toBe(newOnes > 0 ? 201 : 200);
    expect(moved).toBe(newOnes);
    const list = response.json.items;
    expect(list).toHaveLength(bodies.length);
    expect(response.headers['ledger-position']).toBe(String(Math.max(...list.map((item: any) => item.logPosition))));
    bodies.forEach((body, index) => {
      const item = list[index];
      if (typeof body.statementId === 'string') expect(item.statementId).toBe(body.statementId.toLowerCase());
      if (!ledger.statements.has(item.statementId)) {
        expect(item).toMatchObject({ revision: 0 });
        expect(item.logPosition).toBeGreaterThan(head - newOnes);
        ledger.statements.set(item.statementId, { revision: 0, retracted: false, recorded: body, view: null });
      }
    });
  };
  return fc.oneof(
    {
      weight: 4,
      arbitrary: items.map((bodies) =>
        batch(`batch: ${bodies.length} valid`, statementsOf(bodies), () => ({ statuses: [201], accepted: written(bodies, bodies.length) })),
      ),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(items, statementDefect(), fc.nat()).map(([bodies, defect, at]) => {
        const index = at % bodies.length;
        const text = `{"statements":[${bodies.map((body, i) => (i === index ? defective(body, defect) : toJsonText(body))).join(',')}]}`;
        return batch(`batch: item ${defect.kind}`, text, () =>
          defect.pointer === null ? { statuses: [400] } : { statuses: [400], pointer: `/statements/${index}${defect.pointer}` },
        );
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(0, 101)
        .map((n) =>
          batch(
            `batch: ${n} items`,
            statementsOf(Array.from({ length: n }, () => ({ ...demo.statements[1], statementId: undefined }) as unknown as Body)),
            () => ({ statuses: [400], pointer: '/statements' }),
          ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(items, fc.nat()).map(([bodies, at]) => {
        const id = '5a1f3c2e-0000-4000-8000-000000000001';
        const copy = at % bodies.length;
        const list = [...bodies.map((body) => ({ ...body, statementId: undefined }) as unknown as Body), { ...bodies[copy], statementId: id }];
        list[copy] = { ...list[copy], statementId: id.toUpperCase() };
        return batch('batch: the same statementId twice', statementsOf(list), () => ({
          statuses: [400],
          pointer: `/statements/${list.length - 1}/statementId`,
        }));
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(items, fc.nat(), fc.boolean()).map(([bodies, index, same]) => {
        const fixture = demo.statements[index % demo.statements.length];
        const list = [...bodies, same ? fixture : { ...fixture, summary: `${fixture.summary} (altered)` }];
        return batch(`batch: with a known id, ${same ? 'same' : 'other'} content`, statementsOf(list), () =>
          same ? { statuses: [201], accepted: written(list, bodies.length) } : { statuses: [409] },
        );
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(items, validStatement({ topics: ['never-registered'] }))
        .map(([bodies, stray]) => batch('batch: an unregistered topic', statementsOf([...bodies, stray]), () => ({ statuses: [422] }))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(items, unknownFieldDefect([])).map(([bodies, defect]) => {
        const body: Body = { statements: bodies as Json };
        defect.apply(body);
        return batch(`batch: top-level ${defect.kind}`, toJsonText(body), () => ({ statuses: [400], pointer: defect.pointer }));
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<Json>(null, {}, 'statements', 1, [[]], { statements: 1 })
        .map((value) => batch('batch: statements not an array', toJsonText({ statements: value }), () => ({ statuses: [400], pointer: '/statements' }))),
    },
    {
      weight: 2,
      arbitrary: items.map((bodies) => {
        const text = statementsOf(bodies);
        const key = nextKey('batch');
        return batch('batch: fresh Idempotency-Key', text, () => keyed(route, key, text, { statuses: [201], accepted: written(bodies, bodies.length) }), {
          ...JSON_TYPE,
          'idempotency-key': key,
        });
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.nat(), fc.boolean(), items).map(([index, same, other]) => replayCase('batch', route, index, same ? null : statementsOf(other))),
    },
    {
      weight: 2,
      arbitrary: items.chain((bodies) => garbageBody(statementsOf(bodies))).map((text) => batch('batch: garbage body', text, () => ({ statuses: [400] }))),
    },
  );
}

// ---------------------------------------------------------------- corrections and retractions

type Target = { kind: 'known'; index: number; upper: boolean } | { kind: 'unknown'; id: string } | { kind: 'malformed'; path: string };
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([index, upper]): Target => ({ kind: 'known', index, upper })) },
  { weight: 1, arbitrary: fc.uuid().map((id): Target => ({ kind: 'unknown', id })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'x',
        'ZZZ',
        '..',
        '%00',
        '00000000-0000-0000-0000-00000000000g',
        `${'a'.repeat(300)}`,
        '%F0%9F%98%80',
        '12345678-1234-1234-1234-1234567890ab0',
      )
      .map((path): Target => ({ kind: 'malformed', path })),
  },
);

type IfMatch = { kind: 'none' } | { kind: 'current'; weak: boolean } | { kind: 'stale'; by: number } | { kind: 'garbage'; value: string };
const ifMatch: fc.Arbitrary<IfMatch> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<IfMatch>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.boolean().map((weak): IfMatch => ({ kind: 'current', weak })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map((by): IfMatch => ({ kind: 'stale', by })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('*', 'abc', '"-1"', '"1.0"', '"', '"0", "1"', '"9999999999"', '0', "'0'", 'W/', '"0"x', '""', '"١"')
      .map((value): IfMatch => ({ kind: 'garbage', value: value.replace(/[^\x20-\xff]/g, '?') })),
  },
);

const reasonText = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '한'), minLength: 1, maxLength: 12 }), textOfLength(2000), textOfLength(1));

function validChanges(): fc.Arbitrary<Body> {
  const optional = <T extends Json>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant<Json>(null), arb);
  return fc
    .record(
      {
        position: fc.constantFrom(...POSITIONS),
        summary: optional(freeText(2000)),
        quote: optional(freeText(5000)),
        target: optional(fc.constantFrom(...COUNTRIES)),
        statedAt: validStatedAt(),
        actor: fc.record({ person: optional(freeText(200)), country: fc.constantFrom(...COUNTRIES) }, { requiredKeys: [] }),
        source: fc.record(
          { publisher: optional(freeText(200)), url: fc.constantFrom('https://example.org/corrected', 'http://example.com/x?y=1') },
          { requiredKeys: [] },
        ),
        topic: fc.constantFrom(...registeredTopics()),
        quoteLanguage: optional(fc.constantFrom('ko', 'en-GB')),
        utteranceId: optional(fc.uuid()),
      },
      { requiredKeys: [] },
    )
    .map((changes) => changes as Body);
}

/** A body for a correction (kind 'changes') or a retraction, valid or with one defect. */
type Revision = { body: string; defect: Defect | null; garbage: boolean };

function correctionBody(): fc.Arbitrary<Revision> {
  const valid = fc.record({ changes: validChanges(), reason: reasonText });
  // v2: a stored statement always has its holder, so a patch may null `actor.country` (the
  // speaker named otherwise): that is decided against the statement, not refused as malformed.
  const patchDefect = statementDefect().filter(
    (defect) => defect.kind !== 'required field missing' && !(defect.kind === 'required field null' && defect.pointer === '/actor/country'),
  );
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((body): Revision => ({ body: toJsonText(body), defect: null, garbage: false })) },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, patchDefect).map(([body, defect]): Revision => {
        const shifted: Defect = {
          ...defect,
          pointer: defect.pointer === null ? null : `/changes${defect.pointer}`,
          apply: (b) => defect.apply(b.changes as Body),
        };
        return { body: defective(body as Body, shifted), defect: shifted, garbage: false };
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.oneof(
            textFieldDefect(['reason'], { min: 1, max: 2000, required: true }),
            unknownFieldDefect([]),
            fc
              .constantFrom<Json>(null, [], 'x', 1, true)
              .map((v): Defect => ({ kind: 'changes not an object', pointer: '/changes', apply: (b) => setAt(b, ['changes'], v) })),
          ),
        )
        .map(([body, defect]): Revision => ({ body: defective(body as Body, defect), defect, garbage: false })),
    },
    {
      weight: 1,
      arbitrary: valid.chain((body) => garbageBody(toJsonText(body))).map((text): Revision => ({ body: String(text), defect: null, garbage: true })),
    },
  );
}

function retractionBody(): fc.Arbitrary<Revision> {
  const valid = fc.record({ reason: reasonText });
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((body): Revision => ({ body: toJsonText(body), defect: null, garbage: false })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.oneof(textFieldDefect(['reason'], { min: 1, max: 2000, required: true }), unknownFieldDefect([])))
        .map(([body, defect]): Revision => ({ body: defective(body as Body, defect), defect, garbage: false })),
    },
    {
      weight: 1,
      arbitrary: valid.chain((body) => garbageBody(toJsonText(body))).map((text): Revision => ({ body: String(text), defect: null, garbage: true })),
    },
  );
}

function revisionCases(kind: 'corrections' | 'retraction'): fc.Arbitrary<Case> {
  const bodies = kind === 'corrections' ? correctionBody() : retractionBody();
  return fc.tuple(target, ifMatch, bodies).map(
    ([aim, precondition, revision]) =>
      new Case(
        `${kind}: ${aim.kind} id, If-Match ${precondition.kind}, ${revision.garbage ? 'garbage' : revision.defect ? revision.defect.kind : 'valid'} body`,
        () => {
          const ids = knownIds();
          const id = aim.kind === 'known' ? ids[aim.index % ids.length] : aim.kind === 'unknown' ? aim.id : aim.path;
          const known = aim.kind === 'known' ? ledger.statements.get(id)! : null;
          const headers: Record<string, string> = { ...JSON_TYPE };
          if (precondition.kind === 'current') headers['if-match'] = `${precondition.weak ? 'W/' : ''}"${known?.revision ?? 0}"`;
          if (precondition.kind === 'stale') headers['if-match'] = `"${(known?.revision ?? 0) + precondition.by}"`;
          if (precondition.kind === 'garbage') headers['if-match'] = precondition.value;
          const path = `/v1/statements/${aim.kind === 'known' && aim.upper ? id.toUpperCase() : id}/${kind}`;
          return { request: request('POST', path, revision.body, headers), plan: revisionPlan(kind, known, aim, precondition, revision) };
        },
        '',
      ),
  );
}

function revisionPlan(kind: 'corrections' | 'retraction', known: Known | null, aim: Target, precondition: IfMatch, revision: Revision): Plan {
  if (revision.garbage) return { statuses: aim.kind === 'malformed' ? [400, 404] : [400] };
  // The body is read (and its nesting bounded) before any route looks at the id.
  if (revision.defect?.kind === 'deep nesting') return { statuses: [400] };
  if (aim.kind === 'malformed') return { statuses: [404] };
  if (precondition.kind === 'garbage') return { statuses: [400], pointer: '/headers/if-match' };
  if (revision.defect) return { statuses: [400], pointer: revision.defect.pointer };
  if (!known) return { statuses: [404] };
  if (precondition.kind === 'stale') return { statuses: [412] };
  if (known.retracted) return { statuses: [409] };
  return {
    statuses: kind === 'corrections' ? [200, 422] : [200],
    accepted: (response, moved, head) => {
      expect(moved).toBe(1);
      expect(response.json.revision).toBe(known.revision + 1);
      expect(response.json.status).toBe(kind === 'retraction' ? 'retracted' : 'active');
      expect(response.json.revisedBy).toBe('root');
      expect(response.headers.etag).toBe(`"${known.revision + 1}"`);
      expect(response.headers['ledger-position']).toBe(String(head));
      Object.assign(known, { revision: known.revision + 1, retracted: kind === 'retraction', view: null });
    },
  };
}

// ---------------------------------------------------------------- topics

const slugText = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/);
const titleText = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'É', '😀', ' ', '中'), minLength: 1, maxLength: 10 }), textOfLength(200), textOfLength(1));
const descriptionText = fc.oneof(fc.constant<Json>(null), freeText(2000));

function topicCases(): fc.Arbitrary<Case> {
  const fresh = fc.tuple(slugText, fc.boolean()).map(([slug, long]) => {
    const base = `fz${++ledger.keyCounter}-${slug}`;
    return long ? (base + '-' + 'x'.repeat(64)).slice(0, 64).replace(/-+$/, '') : base;
  });
  const validTopic = fc.record({ slug: fresh, title: titleText, description: descriptionText }, { requiredKeys: ['slug', 'title'] });
  const topicDefect = fc.oneof(
    textFieldDefect(['title'], { min: 1, max: 200, required: true }),
    textFieldDefect(['description'], { min: 0, max: 2000, required: false }),
    textFieldDefect(['slug'], { min: 1, max: 64, required: true }),
    fc
      .constantFrom('Aukus', 'a--b', '-a', 'a-', 'a_b', 'a'.repeat(65), 'ａ')
      .map((slug): Defect => ({ kind: 'invalid slug', pointer: '/slug', apply: (b) => setAt(b, ['slug'], slug) })),
    unknownFieldDefect([]),
  );
  const register = (label: string, text: string, plan: () => Plan) =>
    new Case(label, () => ({ request: request('POST', '/v1/topics', text), plan: plan() }), '');
  const revise = (label: string, slugOf: () => string, text: string, plan: (slug: string) => Plan) =>
    new Case(
      label,
      () => {
        const slug = slugOf();
        return { request: request('PATCH', `/v1/topics/${slug}`, text), plan: plan(slug) };
      },
      '',
    );
  const existing = fc.nat().map((index) => () => registeredTopics()[index % ledger.topics.size]);
  const revision = fc.record({ title: titleText, description: descriptionText }, { requiredKeys: [] });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: validTopic.map((topic) =>
        register('topics: register valid', toJsonText(topic), () =>
          ledger.topics.has(topic.slug)
            ? { statuses: [409] }
            : {
                statuses: [201],
                accepted: (response, moved, head) => {
                  expect(moved).toBe(1);
                  expect(response.json).toEqual({ slug: topic.slug, title: topic.title, description: topic.description ?? null });
                  expect(response.headers.location).toBe(`/v1/topics/${topic.slug}`);
                  expect(response.headers['ledger-position']).toBe(String(head));
                  ledger.topics.set(topic.slug, { title: topic.title, description: (topic.description as string | null) ?? null });
                },
              },
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.nat(), titleText).map(([index, title]) => {
        const slug = demo.topics[index % demo.topics.length].slug;
        return register('topics: register a taken slug', toJsonText({ slug, title }), () => ({ statuses: [409] }));
      }),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(validTopic, topicDefect)
        .map(([topic, defect]) =>
          register(`topics: register, ${defect.kind}`, defective(topic as Body, defect), () => ({ statuses: [400], pointer: defect.pointer })),
        ),
    },
    {
      weight: 1,
      arbitrary: validTopic
        .chain((topic) => garbageBody(toJsonText(topic)))
        .map((text) => register('topics: register, garbage body', String(text), () => ({ statuses: [400] }))),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(existing, revision).map(([slugOf, changes]) =>
        revise('topics: revise valid', slugOf, toJsonText(changes), (slug) => {
          const current = ledger.topics.get(slug)!;
          const next = {
            title: (changes.title as string) ?? current.title,
            description: changes.description === undefined ? current.description : (changes.description as string | null),
          };
          const changed = next.title !== current.title || next.description !== current.description;
          return {
            statuses: [200],
            accepted: (response, moved) => {
              expect(moved).toBe(changed ? 1 : 0);
              expect(response.json).toEqual({ slug, ...next });
              ledger.topics.set(slug, next);
            },
          };
        }),
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          existing,
          revision,
          fc.oneof(
            textFieldDefect(['title'], { min: 1, max: 200, required: false }),
            fc.constant<Defect>({ kind: 'title null', pointer: '/title', apply: (b) => setAt(b, ['title'], null) }),
            textFieldDefect(['description'], { min: 0, max: 2000, required: false }),
            unknownFieldDefect([]),
          ),
        )
        .map(([slugOf, changes, defect]) =>
          revise(`topics: revise, ${defect.kind}`, slugOf, defective(changes as Body, defect), () => ({ statuses: [400], pointer: defect.pointer })),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            slugText.map((s) => `zz-unknown-${s}`),
            fc.constantFrom('%00', 'a%00b', 'UPPER', 'a--b', 'a%20b', 'x'.repeat(65), '%C3%A9', '..', '%2e%2e', 'a.b'),
          ),
          revision,
        )
        .map(([slug, changes]) =>
          revise(
            'topics: revise an unknown or malformed slug',
            () => slug,
            toJsonText(changes),
            () => ({ statuses: [404] }),
          ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('%ZZ', '%E0%A4%A', '%FF', '%ED%A0%80', '%C0%80'), revision).map(([slug, changes]) =>
        revise(
          'topics: revise an undecodable slug',
          () => slug,
          toJsonText(changes),
          () => ({ statuses: [400], pointer: '/path' }),
        ),
      ),
    },
  );
}

// ---------------------------------------------------------------- reads: query strings

interface Param {
  valid: fc.Arbitrary<string>;
  invalid: fc.Arbitrary<string>;
}

const dateParam: Param = {
  valid: fc.oneof(
    fc.constantFrom(
      '0001-01-01',
      '9999-12-31',
      '1900-01-01',
      '2024-02-29',
      '2024-04-10T08:00:00Z',
      '2024-04-10t08:00:00z',
      '2024-04-10T08:00:00.123456789+09:00',
      '2024-04-10T08:00:00+23:59',
    ),
    fc
      .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9000-12-31T00:00:00Z'), noInvalidDate: true })
      .chain((date) =>
        fc.constantFrom(
          date.toISOString(),
          date.toISOString().slice(0, 10),
          date.toISOString().replace('Z', '+05:30'),
          date.toISOString().replace('.000Z', '-08:00'),
        ),
      ),
  ),
  invalid: fc.constantFrom(
    '0000-01-01',
    '0000-12-31T23:59:59Z',
    '0001-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
    '9999-12-31T23:59:59-23:59',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024',
    '2024-04',
    '2024-04-10T24:00:00Z',
    '2024-04-10T08:00:00',
    '2024-04-10T08:00Z',
    'yesterday',
    '',
    '1e9',
    '2024-04-10T08:00:00+25:00',
    '+002024-04-10',
    '-000001-01-01',
    '2024-04-10T08:00:00.Z',
    '2024-04-10T08:00:00+0900',
    '20240410',
  ),
};
const limitParam = (max: number): Param => ({
  valid: fc.oneof(fc.integer({ min: 1, max }).map(String), fc.constantFrom('1', String(max), '01')),
  invalid: fc.constantFrom('0', String(max + 1), '-1', '1.5', 'abc', '', '1e2', '9999999999999999', '99999999999999999', ' 1', '+1', '0x10'),
});
const positionParam: Param = {
  valid: fc.oneof(fc.nat().map(String), fc.constant('9007199254740991')),
  invalid: fc.constantFrom('-1', 'x', '', '1.0', '99999999999999999', '9007199254740992', '1e3'),
};
const minLogPositionParam: Param = { valid: fc.constantFrom('0', '1'), invalid: fc.constantFrom('-1', 'x', '', '1.5', '99999999999999999') };
const countryParam: Param = { valid: fc.constantFrom(...COUNTRIES), invalid: fc.constantFrom('kor', 'ZZZ', '', 'KR', 'K O R', 'KORR', 'none') };
const topicParam = (): Param => ({
  valid: fc.oneof(fc.constantFrom(...registeredTopics()), slugText),
  invalid: fc.constantFrom('Bad', 'a--b', '-', '', 'a'.repeat(65), 'a_b', 'a b', 'é'),
});
// v2: a target may be an actor's slug (`null` is a well-formed one); a lower-case country code never is.
const targetParam: Param = {
  valid: fc.oneof(fc.constantFrom(...COUNTRIES), fc.constantFrom('none', 'aukus', 'null')),
  invalid: fc.constantFrom('NONE', 'Null', '', 'kor', 'ZZZ'),
};
const holderParam: Param = {
  valid: fc.oneof(fc.constantFrom(...COUNTRIES), fc.constant('aukus')),
  invalid: fc.constantFrom('none', 'kor', 'ZZZ', '', 'Aukus', 'a_b'),
};
const attributionParam: Param = {
  valid: fc.constantFrom('on_record', 'reported,on_record', 'unnamed_official,anonymous_sources'),
  invalid: fc.constantFrom('', 'gossip', 'on_record,', 'ON_RECORD', 'on_record,,reported'),
};
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const cursorParam: Param = {
  valid: fc
    .tuple(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.nat())
    .map(([date, position]) => cursorOf([date.toISOString(), position])),
  invalid: fc.oneof(
    fc.constantFrom(
      'abc',
      '',
      '%%%',
      cursorOf(['0000-01-01T00:00:00Z', 1]),
      cursorOf(['2024-01-01T00:00:00Z', -1]),
      cursorOf(['2024-01-01', 1]),
      cursorOf([1, 1]),
      cursorOf({}),
      cursorOf(['2024-01-01T00:00:00Z', 1.5]),
    ),
    fc.string({ maxLength: 20 }).map((text) => Buffer.from(text).toString('base64url')),
  ),
};

interface ReadEndpoint {
  name: string;
  params: Record<string, Param>;
  required?: string[];
  /** A path, and whether it names something that exists (else the valid answer is 404). */
  path: fc.Arbitrary<() => { path: string; exists: boolean | 'maybe' }>;
  check?(response: RawResponse, head: number): void;
  feed?: boolean;
}

function readEndpoints(): ReadEndpoint[] {
  const at = (path: string) => fc.constant(() => ({ path, exists: true as const }));
  const statementPath = (suffix: string, knownAtMatters: boolean) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([index, upper]) => () => {
          const ids = knownIds();
          const id = ids[index % ids.length];
          return { path: `/v1/statements/${upper ? id.toUpperCase() : id}${suffix}`, exists: knownAtMatters ? ('maybe' as const) : true };
        }),
      },
      { weight: 1, arbitrary: fc.uuid().map((id) => () => ({ path: `/v1/statements/${id}${suffix}`, exists: false })) },
      { weight: 1, arbitrary: fc.constantFrom('x', '%00', 'batch', '12345678').map((id) => () => ({ path: `/v1/statements/${id}${suffix}`, exists: false })) },
    );
  const items = (response: RawResponse) => expect(Array.isArray(response.json?.items)).toBe(true);
  return [
    { name: 'GET /v1/topics', path: at('/v1/topics'), params: { minLogPosition: minLogPositionParam }, check: items },
    {
      name: 'GET /v1/topics/{slug}',
      path: fc.oneof(
        fc.nat().map((index) => () => ({ path: `/v1/topics/${registeredTopics()[index % ledger.topics.size]}`, exists: true })),
        fc.constantFrom('zz-none', 'UPPER', '%00', 'a%00b', 'x'.repeat(65), '%C3%A9').map((slug) => () => ({ path: `/v1/topics/${slug}`, exists: false })),
      ),
      params: { minLogPosition: minLogPositionParam },
    },
    {
      name: 'GET /v1/statements',
      path: at('/v1/statements'),
      params: {
        country: countryParam,
        topic: topicParam(),
        target: targetParam,
        utteranceId: { valid: fc.uuid(), invalid: fc.constantFrom('x', '', '123', '{00000000-0000-0000-0000-000000000000}') },
        status: { valid: fc.constantFrom('active', 'retracted'), invalid: fc.constantFrom('Active', 'deleted', '') },
        from: dateParam,
        to: dateParam,
        knownAt: dateParam,
        limit: limitParam(500),
        cursor: cursorParam,
        minLogPosition: minLogPositionParam,
      },
      check: (response) => {
        items(response);
        expect(response.json).toHaveProperty('nextCursor');
      },
    },
    { name: 'GET /v1/statements/{id}', path: statementPath('', true), params: { knownAt: dateParam, minLogPosition: minLogPositionParam } },
    { name: 'GET /v1/statements/{id}/events', path: statementPath('/events', false), params: { minLogPosition: minLogPositionParam }, check: items },
    {
      name: 'GET /v1/stances',
      path: at('/v1/stances'),
      params: {
        topic: topicParam(),
        holder: holderParam,
        country: countryParam,
        target: targetParam,
        attribution: attributionParam,
        asOf: dateParam,
        knownAt: dateParam,
        minLogPosition: minLogPositionParam,
      },
      check: items,
    },
    {
      name: 'GET /v1/stances/history',
      path: at('/v1/stances/history'),
      params: {
        country: countryParam,
        topic: topicParam(),
        target: targetParam,
        attribution: attributionParam,
        asOf: dateParam,
        knownAt: dateParam,
        minLogPosition: minLogPositionParam,
      },
      required: ['country', 'topic', 'target'],
      check: items,
    },
    {
      name: 'GET /v1/events',
      path: at('/v1/events'),
      params: { after: positionParam, limit: limitParam(1000), minLogPosition: minLogPositionParam },
      check: (response) => {
        items(response);
        expect(response.json).toHaveProperty('nextAfter');
      },
    },
    {
      name: 'GET /v1/audit/verify',
      path: at('/v1/audit/verify'),
      params: { minLogPosition: minLogPositionParam },
      check: (response, head) => expect(response.json).toMatchObject({ ok: true, eventsChecked: head }),
    },
    {
      name: 'GET /v1/audit/checkpoint',
      path: at('/v1/audit/checkpoint'),
      params: { minLogPosition: minLogPositionParam },
      check: (response, head) => expect(response.json.logPosition).toBe(head),
    },
    {
      name: 'GET /v1/audit/changes',
      path: at('/v1/audit/changes'),
      params: {
        country: countryParam,
        topic: topicParam(),
        from: dateParam,
        to: dateParam,
        after: positionParam,
        limit: limitParam(1000),
        minLogPosition: minLogPositionParam,
      },
      check: items,
    },
    { name: 'GET /v1/feed', path: at('/v1/feed'), params: { after: positionParam }, feed: true },
  ];
}

/** Query-string pieces that are wrong whatever parameter they land in. */
const GARBAGE_VALUES = ['%ZZ', '%', '%E0%A4%A', '%00', '%C0%AF', '%FF%FE', '%u0041', '%2', 'a%00'];
const GARBAGE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'a[b]',
  'a.b',
  '',
  'Country',
  'limit%20',
  '%ZZ',
  'country%00',
  'callback',
  'zz',
];

type Piece = { name: string; value: string; raw: boolean; bad: boolean };

function readCases(endpoint: ReadEndpoint): fc.Arbitrary<Case> {
  const names = Object.keys(endpoint.params);
  const piece = (name: string, valid: boolean): fc.Arbitrary<Piece> =>
    (valid ? endpoint.params[name].valid : endpoint.params[name].invalid).map((value) => ({ name, value, raw: false, bad: !valid }));
  const validPieces = fc.subarray(names).chain((chosen) => {
    const all = [...new Set([...(endpoint.required ?? []), ...chosen])];
    return all.length === 0 ? fc.constant<Piece[]>([]) : fc.tuple(...all.map((name) => piece(name, true)));
  });
  const spoiler: fc.Arbitrary<Piece[]> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Piece[]>([]) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...names)
        .chain((name) => piece(name, false))
        .map((p) => [p]),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...GARBAGE_NAMES), fc.constantFrom('1', 'x', '')).map(([name, value]) => [{ name, value, raw: true, bad: true }]),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...GARBAGE_VALUES)).map(([name, value]) => [{ name, value, raw: true, bad: true }]),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...names)
        .chain((name) => fc.tuple(piece(name, true), piece(name, true)))
        .map(([a, b]) => [a, { ...b, bad: true }]),
    },
  );
  const dropRequired = fc.option(fc.constantFrom(...(endpoint.required ?? ['-'])), { freq: 6 });
  const lastEventId: fc.Arbitrary<{ value: string; bad: boolean } | null> = endpoint.feed
    ? fc.option(
        fc.oneof(
          fc.oneof(fc.nat().map(String), fc.constantFrom(' 5 ', '0', '9007199254740991')).map((value) => ({ value, bad: false })),
          fc
            .constantFrom('-1', 'abc', '1.5', '', '99999999999999999', '0x10', '1 2', 'é')
            .map((value) => ({ value: value.replace(/[^\x20-\xff]/g, '?'), bad: true })),
        ),
      )
    : fc.constant(null);
  return fc.tuple(endpoint.path, validPieces, spoiler, dropRequired, lastEventId, fc.boolean()).map(([pathOf, pieces, spoil, drop, eventId, shuffle]) => {
    let list = [...pieces.filter((p) => p.name !== drop), ...spoil];
    // A spoiler on a name already present makes it repeated: still a 400, as it must be.
    if (shuffle) list = [...list].reverse();
    const missing = drop !== null && drop !== '-';
    const bad = missing || list.some((p) => p.bad) || new Set(list.map((p) => p.name)).size !== list.length;
    const query = list.map((p) => (p.raw ? `${p.name}=${p.value}` : `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`)).join('&');
    const label = `${endpoint.name}: ${bad ? 'bad query' : 'valid query'}${eventId ? `, Last-Event-ID ${eventId.bad ? 'bad' : 'valid'}` : ''}`;
    return new Case(
      label,
      () => {
        const { path, exists } = pathOf();
        const headers: Record<string, string> = eventId ? { 'last-event-id': eventId.value } : {};
        const plan = (): Plan => {
          if (bad) return { statuses: [400], pointerPrefix: '/query/' };
          if (eventId?.bad) return { statuses: [400], pointer: '/headers/last-event-id' };
          if (exists === false) return { statuses: [404] };
          const ok: Plan = {
            statuses: exists === 'maybe' ? [200, 404] : [200],
            accepted: (response, moved, head) => {
              expect(moved).toBe(0);
              expect(String(response.headers['content-type'])).toMatch(endpoint.feed ? /^text\/event-stream/ : /^application\/json/);
              endpoint.check?.(response, head);
            },
          };
          return ok;
        };
        return { request: { method: 'GET', path: query ? `${path}?${query}` : path, headers }, plan: plan() };
      },
      '',
    );
  });
}

// ---------------------------------------------------------------- paths and methods

const ROUTES: [string, string[]][] = [
  ['/v1/topics', ['GET', 'POST']],
  ['/v1/topics/aukus-pillar-ii', ['GET', 'PATCH']],
  ['/v1/statements', ['GET', 'POST']],
  ['/v1/statements/{id}', ['GET']],
  ['/v1/statements/{id}/corrections', ['POST']],
  ['/v1/statements/{id}/retraction', ['POST']],
  ['/v1/statements/{id}/events', ['GET']],
  ['/v1/stances', ['GET']],
  ['/v1/stances/history', ['GET']],
  ['/v1/events', ['GET']],
  ['/v1/audit/verify', ['GET']],
  ['/v1/audit/checkpoint', ['GET']],
  ['/v1/audit/changes', ['GET']],
  ['/v1/feed', ['GET']],
];
// Percent-encoded only: a raw byte above 0x7F is not HTTP/1.1, and Node's parser refuses it before the API sees it.
const PATH_UNITS = [..."abcXYZ09-._~!$&'()*+,;=:@", '%00', '%ZZ', '%2F', '%E0%A4%A', '%F0%9F%98%80', '%C0%80', '%ED%A0%80', '%C3%A9', '%', '..'];

function routeCases(): fc.Arbitrary<Case> {
  const withId = (path: string) => path.replace('{id}', demo.statements[1].statementId);
  const wrongMethod = fc
    .tuple(fc.constantFrom(...ROUTES), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'))
    .filter(([[, allowed], method]) => !allowed.includes(method));
  const garbageSegment = fc.oneof(fc.string({ unit: fc.constantFrom(...PATH_UNITS), minLength: 1, maxLength: 24 }), fc.constant('a'.repeat(5000)));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: wrongMethod.map(([[path], method]) =>
        fixed(`routes: ${method} where it is not allowed`, request(method, withId(path), method === 'GET' || method === 'DELETE' ? undefined : '{}'), () => ({
          statuses: [405],
        })),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('/v1/zz-', '/zz-', '/v2/', '/v1/statements/' + demo.statements[1].statementId + '/zz-', '/v1/audit/zz-'),
          slugText,
          fc.constantFrom('GET', 'POST', 'DELETE'),
        )
        .map(([prefix, tail, method]) =>
          fixed('routes: unknown path', request(method, prefix + tail, method === 'POST' ? '{}' : undefined), () => ({ statuses: [404] })),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(garbageSegment, fc.constantFrom('/v1/statements/', '/v1/topics/'), fc.constantFrom('', '/events'))
        .map(([segment, prefix, suffix]) => {
          const path = prefix + segment + (prefix === '/v1/topics/' ? '' : suffix);
          return fixed('routes: garbage id in the path', request('GET', path), () => ({ statuses: [400, 404] }));
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('/health', '/health/live', '/metrics', '/health?x=1')
        .map((path) => fixed(`routes: public ${path}`, request('GET', path), () => ({ statuses: [200] }))),
    },
  );
}

// ---------------------------------------------------------------- body size

function sizeCases(): Case[] {
  const padded = (bytes: number) => {
    const head = '{"zz":"';
    return head + 'a'.repeat(bytes - head.length - 2) + '"}';
  };
  return ['/v1/statements', '/v1/statements/batch', '/v1/topics', `/v1/statements/${demo.statements[2].statementId}/corrections`].flatMap((path) => [
    fixed(`size: 1 MiB + 1 byte to ${path}`, request('POST', path, padded(ONE_MIB + 1)), () => ({ statuses: [413] })),
    fixed(`size: exactly 1 MiB to ${path}`, request('POST', path, padded(ONE_MIB)), () => ({ statuses: [400] })),
    fixed(`size: 8 MiB gzip-inflated to ${path}`, request('POST', path, gzipSync(padded(8 * ONE_MIB)), { ...JSON_TYPE, 'content-encoding': 'gzip' }), () => ({
      statuses: [413, 415],
    })),
  ]);
}

// ---------------------------------------------------------------- the properties

test(
  'POST /v1/statements: generated bodies, boundary values, Content-Type, Content-Encoding and Idempotency-Key',
  async () => {
    await fc.assert(runner.property(recordStatementCases()), settings(1, 1100));
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test(
  'POST /v1/statements/batch: generated batches, defective items, sizes, conflicts and replays',
  async () => {
    await fc.assert(runner.property(recordBatchCases()), settings(2, 450));
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test(
  'corrections and retractions: generated bodies, ids and If-Match headers against live statements',
  async () => {
    await fc.assert(runner.property(fc.oneof(revisionCases('corrections'), revisionCases('retraction'))), settings(3, 650));
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test(
  'topics: registrations and revisions with generated slugs, titles, descriptions and paths',
  async () => {
    await fc.assert(runner.property(topicCases()), settings(4, 400));
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test(
  'every read endpoint: generated query strings (unknown, repeated, out of range, undecodable) and Last-Event-ID',
  async () => {
    const endpoints = readEndpoints();
    await fc.assert(runner.property(fc.oneof(...endpoints.map((endpoint) => readCases(endpoint)))), settings(5, 1600));
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test(
  'paths and methods: wrong methods, unknown routes, garbage ids; bodies at and over 1 MiB',
  async () => {
    await fc.assert(runner.property(routeCases()), settings(6, 400));
    for (const sized of sizeCases()) await runner.run(sized);
  },
  FUZZ_TEST_TIMEOUT_MS,
);

test('after the fuzzing: the chain verifies, every accepted write is served as accepted, nothing polluted, still ready', async () => {
  const head = await runner.head();
  const verify = await api.call('GET', '/v1/audit/verify', { role: 'admin' });
  expect(verify.body).toMatchObject({ ok: true, eventsChecked: head.logPosition, head: { logPosition: head.logPosition, hash: head.hash } });
  const checkpoint = await api.call('GET', '/v1/audit/checkpoint', { role: 'admin' });
  expect(checkpoint.body).toMatchObject({ logPosition: head.logPosition, hash: head.hash });

  const served = new Map<string, any>();
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page = await api.call('GET', `/v1/statements?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { role: 'admin' });
    expect(page.status).toBe(200);
    for (const item of page.body.items) served.set(item.statementId, item);
    cursor = page.body.nextCursor;
  }
  expect(served.size).toBe(ledger.statements.size);
  for (const [id, known] of ledger.statements) {
    const statement = served.get(id);
    expect([id, statement?.revision, statement?.status]).toEqual([id, known.revision, known.retracted ? 'retracted' : 'active']);
    if (known.revision === 0) {
      for (const [field, value] of Object.entries(expectedView(known.recorded))) expect([id, field, statement[field]]).toEqual([id, field, value]);
    }
  }
  const topics = await api.call('GET', '/v1/topics', { role: 'admin' });
  expect(Object.fromEntries(topics.body.items.map((t: any) => [t.slug, { title: t.title, description: t.description }]))).toEqual(
    Object.fromEntries(ledger.topics),
  );

  expect(({} as Record<string, unknown>)[POLLUTION_PROBE]).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect((await api.call('GET', '/health', { role: null })).status).toBe(200);
  console.log(`after fuzzing: log head ${head.logPosition}, ${ledger.statements.size} statements and ${ledger.topics.size} topics served exactly as accepted`);
}, 60_000);
