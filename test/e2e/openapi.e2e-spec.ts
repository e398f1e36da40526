import Ajv2020Module from '@redocly/ajv/dist/2020.js';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demo, statementBody } from '../support/demo.js';
import { startTestServer, TOKENS, type CallOptions, type TestServer } from '../support/server.js';

/**
 * The OpenAPI document at /openapi.json, as a client generator or a person reading /docs
 * meets it: every endpoint of the API reference (docs/api.md) with its parameters, bodies, answers and
 * problem+json errors; clean under a standard linter; and true to what the server answers.
 */

// CommonJS packages: their classes and plugin functions are also exported as `default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

type Method = 'get' | 'post' | 'patch';
interface Endpoint {
  method: Method;
  path: string;
  /** Component schema of the JSON request body. */
  body?: string;
  /** Success status → component schema of its JSON body. */
  success: Record<number, string>;
  /** Response headers the contract names, by success status. */
  headers?: Record<number, string[]>;
  /** Query parameters the contract names (each endpoint also takes minLogPosition when it is a read). */
  query?: string[];
  requestHeaders?: string[];
  problems: number[];
}

const READ = [400, 401, 429, 503];
const WRITE = [400, 401, 403, 413, 415, 429, 503];

/** The reference's endpoint table (docs/api.md), as the document must describe it. */
const ENDPOINTS: Endpoint[] = [
  {
    method: 'post',
    path: '/v1/topics',
    body: 'TopicInput',
    success: { 201: 'Topic' },
    headers: { 201: ['Location', 'Ledger-Position'] },
    problems: [...WRITE, 409],
  },
  {
    method: 'patch',
    path: '/v1/topics/{slug}',
    body: 'TopicRevision',
    success: { 200: 'Topic' },
    headers: { 200: ['Ledger-Position'] },
    problems: [...WRITE, 404, 409],
  },
  { method: 'get', path: '/v1/me', success: { 200: 'Me' }, query: ['minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/topics', success: { 200: 'TopicList' }, query: ['minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/topics/{slug}', success: { 200: 'Topic' }, query: ['minLogPosition'], problems: [...READ, 404] },
  {
    method: 'post',
    path: '/v1/actors',
    body: 'RegisteredActorInput',
    success: { 201: 'RegisteredActor' },
    headers: { 201: ['Location', 'Ledger-Position'] },
    problems: [...WRITE, 409],
  },
  {
    method: 'patch',
    path: '/v1/actors/{slug}',
    body: 'RegisteredActorRevision',
    success: { 200: 'RegisteredActor' },
    headers: { 200: ['Ledger-Position'] },
    problems: [...WRITE, 404, 409],
  },
  { method: 'get', path: '/v1/actors', success: { 200: 'RegisteredActorList' }, query: ['kind', 'country', 'minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/actors/{slug}', success: { 200: 'RegisteredActor' }, query: ['minLogPosition'], problems: [...READ, 404] },
  { method: 'get', path: '/v1/reference/countries', success: { 200: 'CountryList' }, query: ['minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/reference/cameo', success: { 200: 'CameoList' }, query: ['minLogPosition'], problems: READ },
  {
    method: 'post',
    path: '/v1/statements',
    body: 'StatementInput',
    success: { 201: 'Statement', 200: 'Statement' },
    headers: { 201: ['Location', 'ETag', 'Ledger-Position', 'Idempotent-Replayed'], 200: ['ETag', 'Ledger-Position', 'Idempotent-Replayed'] },
    requestHeaders: ['Idempotency-Key'],
    problems: [...WRITE, 409, 422],
  },
  {
    method: 'post',
    path: '/v1/statements/batch',
    body: 'StatementBatch',
    success: { 201: 'BatchResult', 200: 'BatchResult' },
    headers: { 201: ['Ledger-Position', 'Idempotent-Replayed'], 200: ['Ledger-Position', 'Idempotent-Replayed'] },
    requestHeaders: ['Idempotency-Key'],
    problems: [...WRITE, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/statements/{id}',
    success: { 200: 'Statement' },
    headers: { 200: ['ETag'] },
    query: ['knownAt', 'minLogPosition'],
    problems: [...READ, 404],
  },
  {
    method: 'get',
    path: '/v1/statements',
    success: { 200: 'StatementPage' },
    query: ['country', 'topic', 'target', 'utteranceId', 'from', 'to', 'knownAt', 'limit', 'cursor', 'minLogPosition'],
    problems: READ,
  },
  {
    method: 'post',
    path: '/v1/statements/{id}/corrections',
    body: 'Correction',
    success: { 200: 'Statement' },
    headers: { 200: ['ETag', 'Ledger-Position'] },
    requestHeaders: ['If-Match'],
    problems: [...WRITE, 404, 409, 412, 422],
  },
  {
    method: 'post',
    path: '/v1/statements/{id}/retraction',
    body: 'Retraction',
    success: { 200: 'Statement' },
    headers: { 200: ['ETag', 'Ledger-Position'] },
    requestHeaders: ['If-Match'],
    problems: [...WRITE, 404, 409, 412],
  },
  { method: 'get', path: '/v1/statements/{id}/events', success: { 200: 'EventList' }, query: ['minLogPosition'], problems: [...READ, 404] },
  {
    method: 'get',
    path: '/v1/stances',
    success: { 200: 'StanceList' },
    query: ['topic', 'holder', 'country', 'target', 'attribution', 'asOf', 'knownAt', 'minLogPosition'],
    problems: READ,
  },
  {
    method: 'get',
    path: '/v1/stances/history',
    success: { 200: 'StanceHistory' },
    query: ['holder', 'country', 'topic', 'target', 'attribution', 'asOf', 'knownAt', 'minLogPosition'],
    problems: READ,
  },
  {
    method: 'get',
    path: '/v1/alignment',
    success: { 200: 'AlignmentList' },
    query: ['topic', 'holders', 'attribution', 'asOf', 'knownAt', 'minShared', 'minLogPosition'],
    problems: [...READ, 422],
  },
  {
    method: 'get',
    path: '/v1/flips',
    success: { 200: 'FlipPage' },
    query: ['topic', 'holder', 'target', 'change', 'shift', 'certain', 'from', 'to', 'attribution', 'asOf', 'knownAt', 'limit', 'cursor', 'minLogPosition'],
    problems: READ,
  },
  { method: 'get', path: '/v1/events', success: { 200: 'EventPage' }, query: ['after', 'limit', 'minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/audit/verify', success: { 200: 'AuditVerification' }, query: ['minLogPosition'], problems: READ },
  { method: 'get', path: '/v1/audit/checkpoint', success: { 200: 'Checkpoint' }, query: ['minLogPosition'], problems: READ },
  {
    method: 'get',
    path: '/v1/audit/changes',
    success: { 200: 'AuditChangePage' },
    query: ['country', 'topic', 'from', 'to', 'after', 'limit', 'minLogPosition'],
    problems: READ,
  },
];

let api: TestServer;
let doc: any;
let ajv: InstanceType<typeof Ajv2020>;

beforeAll(async () => {
  api = await startTestServer();
  const response = await fetch(`${api.url}/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await response.json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://stance-ledger.test/openapi.json', components: doc.components });
});
afterAll(async () => {
  await api.stop();
});

const operation = (method: string, path: string) => doc.paths[path]?.[method];
const schemaName = (schema: any) => String(schema?.$ref ?? '').replace('#/components/schemas/', '');
/** A schema of the document, with its `$ref`s resolved against the document's components. */
function validator(schema: unknown) {
  const rebased = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"https://stance-ledger.test/openapi.json#/components/'));
  return ajv.compile(rebased);
}
function problemsOf(schema: unknown, value: unknown): unknown[] {
  const validate = validator(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e: any) => `${e.instancePath} ${e.message}`);
}

test('/openapi.json is an OpenAPI 3.1 document served without a token', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info.title).toBe('Stance Ledger API');
  expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  // The tokens are opaque API keys: no bearerFormat claiming JWT.
  expect(doc.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
});

describe('docs/api.md, the API reference in the repository, agrees with the served document', () => {
  const reference = readFileSync(join(process.cwd(), 'docs', 'api.md'), 'utf8');
  const key = (method: string, path: string) => `${method.toLowerCase()} ${path}`;
  const served = () => Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => key(method, path)));
  /** Each endpoint's section: from its `### \`METHOD /path\`` heading to the next heading. */
  const sections = new Map(
    [...reference.matchAll(/^### `(GET|POST|PATCH|PUT|DELETE) (\/[^`]*)`\n([\s\S]*?)(?=^##)/gm)].map(([, method, path, text]) => [key(method, path), text]),
  );
  const table = reference.split('## Endpoints')[1].split('\n\n')[1];
  const tabled = [...table.matchAll(/^\| `(GET|POST|PATCH|PUT|DELETE) (\/[^`]*)`/gm)].map(([, method, path]) => key(method, path));

  test('every operation of /openapi.json has its section and its row in docs/api.md, and every one named there exists', () => {
    expect([...sections.keys()].sort()).toEqual(served().sort());
    expect([...tabled].sort()).toEqual(served().sort());
  });

  test("the endpoint list of this file is the reference's /v1 endpoints", () => {
    const listed = [...ENDPOINTS.map((e) => `${e.method} ${e.path}`), 'get /v1/feed', 'get /v1/export/statements', 'get /v1/export/stances'];
    expect(new Set(tabled.filter((e) => e.includes(' /v1/')))).toEqual(new Set(listed));
  });

  test('each section names every parameter of its operation and every answer it may give', () => {
    // Named once for all (docs/api.md, "Conventions" and the paragraph under the table):
    // If-None-Match and 304 on every GET but the feed; 401, 429, 503 on every /v1 route;
    // 403, 413, 415 on every write.
    const missing: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const text = sections.get(key(method, path)) ?? '';
        for (const parameter of op.parameters ?? []) {
          if (parameter.name === 'If-None-Match') continue;
          if (!text.includes(`\`${parameter.name}\``)) missing.push(`${key(method, path)}: parameter ${parameter.name}`);
        }
        const general = new Set<string>(['304']);
        if (path.startsWith('/v1/')) for (const status of ['401', '429', '503']) general.add(status);
        if (method !== 'get') for (const status of ['403', '413', '415']) general.add(status);
        for (const status of Object.keys(op.responses)) {
          if (!general.has(status) && !new RegExp(`\\b${status}\\b`).test(text)) missing.push(`${key(method, path)}: answer ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('it links nowhere outside the repository', () => {
    for (const file of ['README.md', join('docs', 'api.md'), join('docs', 'reliability.md')]) {
      const text = readFileSync(join(process.cwd(), file), 'utf8');
      expect([file, text.match(/\.\.\/shared|\]\(\.\.\//g)]).toEqual([file, null]);
    }
  });
});

describe.each(ENDPOINTS)('$method $path', (endpoint) => {
  test('is described with a summary, the bearer token, its parameters, body, answers and problems', () => {
    const op = operation(endpoint.method, endpoint.path);
    expect(op).toBeDefined();
    expect(op.summary).toEqual(expect.any(String));
    expect(op.security).toEqual([{ bearer: [] }]);
    const parameters: any[] = op.parameters ?? [];

    for (const name of endpoint.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
      expect(parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true, schema: expect.any(Object) }));
    }
    const query = parameters.filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(expect.arrayContaining([...(endpoint.query ?? [])].sort()));
    for (const parameter of query) expect(parameter.schema).toEqual(expect.any(Object));
    for (const name of endpoint.requestHeaders ?? []) {
      expect(parameters).toContainEqual(expect.objectContaining({ name, in: 'header', required: false, schema: expect.any(Object) }));
    }

    if (endpoint.body) {
      expect(op.requestBody.required).toBe(true);
      expect(Object.keys(op.requestBody.content)).toEqual(['application/json']);
      expect(schemaName(op.requestBody.content['application/json'].schema)).toBe(endpoint.body);
    } else {
      expect(op.requestBody).toBeUndefined();
    }

    for (const [status, schema] of Object.entries(endpoint.success)) {
      const response = op.responses[status];
      expect(response).toBeDefined();
      expect(schemaName(response.content['application/json'].schema)).toBe(schema);
      for (const header of endpoint.headers?.[Number(status)] ?? []) expect(response.headers?.[header]).toBeDefined();
    }

    const documented = Object.keys(op.responses)
      .map(Number)
      .filter((status) => status >= 400);
    expect(documented.sort()).toEqual([...endpoint.problems].sort());
    for (const status of documented) {
      const response = op.responses[status];
      expect(response.description).toEqual(expect.any(String));
      expect(Object.keys(response.content)).toEqual(['application/problem+json']);
      expect(schemaName(response.content['application/problem+json'].schema)).toBe('Problem');
    }
    if (documented.includes(429)) expect(op.responses[429].headers['Retry-After']).toBeDefined();
    if (documented.includes(503)) expect(op.responses[503].headers['Retry-After']).toBeDefined();
  });
});

test('the live feed is described as text/event-stream with Last-Event-ID and after', () => {
  const op = operation('get', '/v1/feed');
  expect(op.security).toEqual([{ bearer: [] }]);
  expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'Last-Event-ID', in: 'header', required: false }));
  expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'after', in: 'query', required: false }));
  expect(Object.keys(op.responses[200].content)).toEqual(['text/event-stream']);
  const message = doc.components.schemas.FeedMessage;
  expect(message.oneOf.map((m: any) => m.properties.data.contentSchema.$ref)).toEqual(['#/components/schemas/Event', '#/components/schemas/StanceChange']);
  expect(doc.components.schemas.StanceChange.properties.cause.enum).toEqual(['recorded', 'corrected', 'retracted']);
  expect(doc.components.schemas.StanceChange.required).toContain('cause');
  expect(
    Object.keys(op.responses)
      .filter((s) => Number(s) >= 400)
      .sort(),
  ).toEqual(['400', '401', '429', '503']);
});

test.each([
  ['/v1/export/statements', '/v1/statements'],
  ['/v1/export/stances', '/v1/stances'],
])('%s is described as CSV or JSONL with Ledger-Position, taking the filters of %s and format, and no paging', (path, list) => {
  const op = operation('get', path);
  expect(op.summary).toEqual(expect.any(String));
  expect(op.security).toEqual([{ bearer: [] }]);
  const names = (o: any) => o.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
  const filters = names(operation('get', list)).filter((name: string) => name !== 'limit' && name !== 'cursor');
  expect(names(op).sort()).toEqual([...filters, 'format'].sort());
  expect(op.parameters.find((p: any) => p.name === 'format').schema).toEqual(expect.objectContaining({ enum: ['csv', 'jsonl'], default: 'csv' }));
  expect(Object.keys(op.responses[200].content).sort()).toEqual(['application/x-ndjson', 'text/csv']);
  expect(Object.keys(op.responses[200].headers).sort()).toEqual(['Content-Disposition', 'Ledger-Position', 'X-Correlation-Id']);
  expect(op.responses[304]).toBeUndefined();
  expect(
    Object.keys(op.responses)
      .filter((s) => Number(s) >= 400)
      .sort(),
  ).toEqual(['400', '401', '429', '503']);
});

test('health, liveness, metrics and the docs are public; every /v1 route needs the bearer token', () => {
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const op of Object.values<any>(item)) {
      expect([path, op.security]).toEqual([path, path.startsWith('/v1/') ? [{ bearer: [] }] : []]);
    }
  }
  expect(
    Object.keys(doc.paths)
      .filter((p) => !p.startsWith('/v1/'))
      .sort(),
  ).toEqual(['/docs', '/health', '/health/live', '/metrics', '/openapi.json']);
  expect(Object.keys(operation('get', '/metrics').responses[200].content)).toEqual(['text/plain']);
  expect(operation('get', '/health').responses[503].content['application/problem+json']).toBeDefined();
});

test("the parameters carry the contract's types, ranges and defaults", () => {
  const param = (method: string, path: string, name: string) => operation(method, path).parameters.find((p: any) => p.name === name);
  const accepts = (schema: unknown, value: unknown) => problemsOf(schema, value).length === 0;

  const statementsLimit = param('get', '/v1/statements', 'limit').schema;
  expect(statementsLimit).toEqual({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
  expect(param('get', '/v1/events', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
  expect(param('get', '/v1/events', 'after').schema).toEqual(expect.objectContaining({ type: 'integer', minimum: 0, default: 0 }));

  const target = param('get', '/v1/stances', 'target').schema;
  // v2: a target may be an actor's slug (a lower-case country code such as `kor` is refused by the server, not by the pattern).
  expect([accepts(target, 'KOR'), accepts(target, 'none'), accepts(target, 'aukus'), accepts(target, 'Kor'), accepts(target, '')]).toEqual([
    true,
    true,
    true,
    false,
    false,
  ]);
  for (const name of ['topic', 'target']) expect(param('get', '/v1/stances/history', name).required).toBe(true);
  // v2: the history's holder is named by `holder` or (v1) `country`, exactly one of them: neither is required alone.
  for (const name of ['holder', 'country']) expect(param('get', '/v1/stances/history', name).required).toBe(false);
  const attribution = param('get', '/v1/stances', 'attribution').schema;
  expect([
    accepts(attribution, 'reported'),
    accepts(attribution, 'on_record,reported'),
    accepts(attribution, 'gossip'),
    accepts(attribution, 'reported,'),
  ]).toEqual([true, true, false, false]);

  for (const [path, name] of [
    ['/v1/stances', 'asOf'],
    ['/v1/stances', 'knownAt'],
    ['/v1/statements', 'from'],
    ['/v1/audit/changes', 'to'],
  ]) {
    const schema = param('get', path, name).schema;
    expect([accepts(schema, '2024-06-30'), accepts(schema, '2024-06-30T12:00:00Z'), accepts(schema, 'yesterday')]).toEqual([true, true, false]);
  }
  expect(param('get', '/v1/statements/{id}', 'id').schema).toEqual(expect.objectContaining({ $ref: '#/components/schemas/Uuid' }));
  expect(param('post', '/v1/statements', 'Idempotency-Key').schema).toEqual(expect.objectContaining({ minLength: 1, maxLength: 255 }));
});

test("the Statement and its input carry every field with the contract's limits, nullable where optional", () => {
  const { Statement, StatementInput, Problem, StanceHistoryItem, Event } = doc.components.schemas;
  // v2: holder, attribution, modality and sources added; source (= sources[0]) kept.
  expect(Statement.required).toEqual([
    'statementId',
    'revision',
    'status',
    'holder',
    'actor',
    'topic',
    'target',
    'position',
    'statedAt',
    'attribution',
    'modality',
    'summary',
    'quote',
    'quoteLanguage',
    'sources',
    'source',
    'cameoCode',
    'utteranceId',
    'recordedAt',
    'recordedBy',
    'revisedAt',
    'revisedBy',
  ]);
  expect(StatementInput.required).toEqual(['actor', 'topic', 'position', 'statedAt']);
  expect(StatementInput.oneOf).toEqual([{ required: ['sources'] }, { required: ['source'] }]);
  expect(StatementInput.additionalProperties).toBe(false);
  expect(StatementInput.properties.summary).toEqual(expect.objectContaining({ type: ['string', 'null'], maxLength: 2000 }));
  expect(StatementInput.properties.quote).toEqual(expect.objectContaining({ type: ['string', 'null'], maxLength: 5000 }));
  expect(StatementInput.properties.actor.properties.person).toEqual(expect.objectContaining({ maxLength: 200 }));
  expect(StatementInput.properties.source.properties.url).toEqual(expect.objectContaining({ maxLength: 2048 }));
  expect(doc.components.schemas.Position.enum).toEqual(['opposes', 'concerned', 'neutral', 'considering', 'supports']);
  expect(StanceHistoryItem.properties.change.enum).toEqual(['initial', 'no_flip', 'half_flip', 'full_flop']);
  expect(Event.required).toEqual(['logPosition', 'streamId', 'revision', 'type', 'data', 'dataHash', 'metadata', 'prevHash', 'hash']);
  expect(Problem.required).toEqual(['type', 'title', 'status', 'detail']);
  expect(Problem.properties.errors.items.required).toEqual(['pointer', 'detail']);

  // The schemas accept what the contract allows and refuse what it refuses.
  const input = validator(StatementInput);
  const { statementId: _id, ...sample } = demo.statements[0];
  expect(problemsOf(StatementInput, sample)).toEqual([]);
  expect(input({ ...sample, statedAt: '2024' })).toBe(true);
  expect(input({ ...sample, statedAt: '2024-11-05T09:30:00+09:00' })).toBe(true);
  expect(input({ ...sample, statedAt: 'last year' })).toBe(false);
  expect(input({ ...sample, position: 'maybe' })).toBe(false);
  expect(input({ ...sample, unknown: 1 })).toBe(false);
  expect(input({ ...sample, summary: 'x'.repeat(2001) })).toBe(false);
  expect(input({ ...sample, summary: '😀'.repeat(2000) })).toBe(true); // code points, not UTF-16 units
  const { topic: _topic, ...withoutTopic } = sample;
  expect(input(withoutTopic)).toBe(false);
});

test("the document passes the Redocly linter's recommended rules, with 4xx as RFC 9457 problems", async () => {
  const config = await createConfig({ extends: ['recommended'], rules: { 'operation-4xx-problem-details-rfc7807': 'error' } });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
  const describe = (p: any) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`;
  expect(problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
  // The only warnings left: the public probes and the docs themselves have no 4xx answer to describe.
  expect(
    problems
      .filter((p) => p.severity === 'warn')
      .map(describe)
      .sort(),
  ).toEqual(
    ['/docs', '/health', '/health/live', '/metrics', '/openapi.json'].map(
      (path) => `warn operation-4xx-response #/paths/${path.replace(/\//g, '~1')}/get/responses: Operation must have at least one \`4XX\` response.`,
    ),
  );
});

test('/docs answers an HTML page whose Swagger UI loads the document, without a token', async () => {
  const page = await fetch(`${api.url}/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('swagger-ui');
  // Opened over plain HTTP by host name, the page must load its scripts over plain HTTP:
  // no upgrade-insecure-requests in its policy (a browser would fetch them over https, where
  // nothing answers, and show a blank page), and every script and stylesheet of the page
  // referenced on the page's own origin, as the policy's 'self' allows.
  const policy = page.headers.get('content-security-policy') ?? '';
  expect(policy).toMatch(/script-src 'self'/);
  expect(policy).not.toMatch(/upgrade-insecure-requests/);
  const assets = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map(([, ref]) => ref);
  for (const ref of assets) expect([ref, new URL(ref, 'http://docs.example:3000/docs').origin]).toEqual([ref, 'http://docs.example:3000']);
  const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map(([, src]) => new URL(src, `${api.url}/docs`).toString());
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect([script, (await fetch(script)).status]).toEqual([script, 200]);
  const init = await (await fetch(`${api.url}/docs/swagger-ui-init.js`)).text();
  expect(init).toContain('"/v1/statements/{id}/corrections"');
});

describe('what the server answers matches the document', () => {
  const created: { statementId?: string; revision?: number } = {};

  /** The answer has the expected status, is documented, and its body and headers are as documented. */
  function expectAnswer(method: Method, path: string, result: { status: number; headers: Headers; body: unknown }, status: number) {
    expect([method, path, result.status]).toEqual([method, path, status]);
    const response = operation(method, path)?.responses?.[result.status];
    expect([path, result.status, response ? 'documented' : 'undocumented']).toEqual([path, result.status, 'documented']);
    const type = (result.headers.get('content-type') ?? '').split(';')[0];
    expect(Object.keys(response.content)).toContain(type);
    expect(problemsOf(response.content[type].schema, result.body)).toEqual([]);
    for (const header of Object.keys(response.headers ?? {})) {
      if (['Idempotent-Replayed', 'Retry-After', 'WWW-Authenticate'].includes(header)) continue; // only on replays / throttling
      expect([header, result.headers.get(header)]).toEqual([header, expect.any(String)]);
    }
  }

  beforeAll(async () => {
    for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
    expect((await api.call('POST', '/v1/statements/batch', { body: { statements: demo.statements } })).status).toBe(201);
  });

  test('writes', async () => {
    const topic = await api.call('POST', '/v1/topics', { body: { slug: 'openapi-check', title: 'OpenAPI check' } });
    expectAnswer('post', '/v1/topics', topic, 201);
    expectAnswer('patch', '/v1/topics/{slug}', await api.call('PATCH', '/v1/topics/openapi-check', { body: { description: 'Checked.' } }), 200);
    const actor = { slug: 'openapi-org', name: 'OpenAPI check', kind: 'organization', members: ['AUS', 'GBR'] };
    expectAnswer('post', '/v1/actors', await api.call('POST', '/v1/actors', { body: actor }), 201);
    expectAnswer('patch', '/v1/actors/{slug}', await api.call('PATCH', '/v1/actors/openapi-org', { body: { members: ['AUS', 'GBR', 'USA'] } }), 200);
    const { statementId: _id, ...sample } = demo.statements[0];
    const recorded = await api.call('POST', '/v1/statements', { body: { ...sample, topic: 'openapi-check' }, headers: { 'Idempotency-Key': 'openapi-1' } });
    expectAnswer('post', '/v1/statements', recorded, 201);
    const replayed = await api.call('POST', '/v1/statements', { body: { ...sample, topic: 'openapi-check' }, headers: { 'Idempotency-Key': 'openapi-1' } });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expectAnswer('post', '/v1/statements', replayed, 201);
    created.statementId = recorded.body.statementId;
    const id = created.statementId!;
    expectAnswer('post', '/v1/statements/batch', await api.call('POST', '/v1/statements/batch', { body: { statements: demo.statements.slice(0, 2) } }), 200);
    const corrected = await api.call('POST', `/v1/statements/${id}/corrections`, {
      body: { changes: { position: 'supports', quote: null }, reason: 'Checked against the source.' },
      headers: { 'If-Match': '"0"' },
    });
    expectAnswer('post', '/v1/statements/{id}/corrections', corrected, 200);
    expectAnswer('post', '/v1/statements/{id}/retraction', await api.call('POST', `/v1/statements/${id}/retraction`, { body: { reason: 'Duplicate.' } }), 200);
  });

  test('reads', async () => {
    const reader = { role: 'reader' as const };
    const kor = demo.statements.find((s) => s.actor.country === 'KOR')!;
    expectAnswer('get', '/v1/topics', await api.call('GET', '/v1/topics', reader), 200);
    expectAnswer('get', '/v1/topics/{slug}', await api.call('GET', '/v1/topics/aukus-pillar-ii', reader), 200);
    expectAnswer('get', '/v1/actors', await api.call('GET', '/v1/actors', reader), 200);
    expectAnswer('get', '/v1/actors/{slug}', await api.call('GET', '/v1/actors/openapi-org', reader), 200);
    expectAnswer('get', '/v1/reference/countries', await api.call('GET', '/v1/reference/countries', reader), 200);
    expectAnswer('get', '/v1/reference/cameo', await api.call('GET', '/v1/reference/cameo', reader), 200);
    const page = await api.call('GET', '/v1/statements?limit=3', reader);
    expectAnswer('get', '/v1/statements', page, 200);
    expectAnswer('get', '/v1/statements', await api.call('GET', `/v1/statements?limit=3&cursor=${page.body.nextCursor}`, reader), 200);
    expectAnswer('get', '/v1/statements/{id}', await api.call('GET', `/v1/statements/${kor.statementId}`, reader), 200);
    expectAnswer('get', '/v1/statements/{id}/events', await api.call('GET', `/v1/statements/${kor.statementId}/events`, reader), 200);
    expectAnswer('get', '/v1/stances', await api.call('GET', '/v1/stances?topic=aukus-pillar-ii&asOf=2024-12-31', reader), 200);
    expectAnswer(
      'get',
      '/v1/stances/history',
      await api.call('GET', `/v1/stances/history?country=KOR&topic=aukus-pillar-ii&target=${kor.target ?? 'none'}`, reader),
      200,
    );
    expectAnswer('get', '/v1/events', await api.call('GET', '/v1/events?limit=5', reader), 200);
    expectAnswer('get', '/v1/audit/verify', await api.call('GET', '/v1/audit/verify', reader), 200);
    expectAnswer('get', '/v1/audit/checkpoint', await api.call('GET', '/v1/audit/checkpoint', reader), 200);
    expectAnswer('get', '/v1/audit/changes', await api.call('GET', '/v1/audit/changes?limit=50', reader), 200);
    expectAnswer('get', '/health', await api.call('GET', '/health', { role: null }), 200);
    expectAnswer('get', '/health/live', await api.call('GET', '/health/live', { role: null }), 200);
  });

  test('every documented query parameter is one the server takes', async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.method === 'get')) {
      const params: any[] = operation('get', endpoint.path).parameters;
      const path = endpoint.path.replace('{slug}', 'aukus-pillar-ii').replace('{id}', demo.statements[0].statementId);
      const pair = (p: any) => `${p.name}=${encodeURIComponent(p.examples.sample.value)}`;
      const required = params.filter((p) => p.in === 'query' && p.required).map(pair);
      // v2: a history's holder is named by `holder` or (v1) `country`, exactly one of them — neither is required alone.
      const oneOf = endpoint.path === '/v1/stances/history' ? ['holder', 'country'] : [];
      for (const p of params.filter((p) => p.in === 'query' && !p.required)) {
        const holder = oneOf.length > 0 && !oneOf.includes(p.name) ? ['country=KOR'] : [];
        const query = [...required, ...holder, pair(p)].join('&');
        const result = await api.call('GET', `${path}?${query}`, { role: 'reader' });
        // Taken: not refused as a bad request (it may still find nothing, e.g. knownAt before the statement).
        expect([`${path}?${query}`, result.status, result.body?.errors ?? []]).toEqual([`${path}?${query}`, expect.any(Number), []]);
        expect(result.status).not.toBe(400);
      }
    }
  });

  test('problems', async () => {
    expectAnswer('get', '/v1/statements', await api.call('GET', '/v1/statements?limit=501', { role: 'reader' }), 400);
    expectAnswer('get', '/v1/stances', await api.call('GET', '/v1/stances?colour=blue', { role: 'reader' }), 400);
    expectAnswer('get', '/v1/topics', await api.call('GET', '/v1/topics', { role: null }), 401);
    expectAnswer('get', '/v1/topics/{slug}', await api.call('GET', '/v1/topics/no-such-topic', { role: 'reader' }), 404);
    expectAnswer('post', '/v1/topics', await api.call('POST', '/v1/topics', { role: 'reader', body: { slug: 'x', title: 'X' } }), 403);
    expectAnswer('post', '/v1/topics', await api.call('POST', '/v1/topics', { body: demo.topics[0] }), 409);
    expectAnswer('post', '/v1/statements', await api.call('POST', '/v1/statements', { rawBody: 'x', headers: { 'content-type': 'text/plain' } }), 415);
    const huge = JSON.stringify({ description: 'x'.repeat(1_100_000) });
    expectAnswer(
      'patch',
      '/v1/topics/{slug}',
      await api.call('PATCH', '/v1/topics/openapi-check', { rawBody: huge, headers: { 'content-type': 'application/json' } }),
      413,
    );
    const { statementId: _id, ...sample } = demo.statements[0];
    expectAnswer('post', '/v1/statements', await api.call('POST', '/v1/statements', { body: { ...sample, topic: 'not-registered' } }), 422);
    const id = created.statementId!;
    expectAnswer('post', '/v1/statements/{id}/retraction', await api.call('POST', `/v1/statements/${id}/retraction`, { body: { reason: 'Again.' } }), 409);
    expectAnswer(
      'post',
      '/v1/statements/{id}/corrections',
      await api.call('POST', `/v1/statements/${demo.statements[0].statementId}/corrections`, {
        body: { changes: { position: demo.statements[0].position }, reason: 'No change.' },
      }),
      422,
    );
    expectAnswer(
      'post',
      '/v1/statements/{id}/corrections',
      await api.call('POST', `/v1/statements/${demo.statements[0].statementId}/corrections`, {
        body: { changes: { position: 'neutral' }, reason: 'Stale.' },
        headers: { 'If-Match': '"7"' },
      }),
      412,
    );
  });
});

describe('every answer of a session is declared in the document, with each header it carries', () => {
  /**
   * Headers any HTTP answer may carry that are not the API's to declare: framing, dates,
   * static-file caching, and helmet's security headers. Every other header an answer
   * carries — ETag, Location, Ledger-Position, Retry-After, X-Correlation-Id, … — must be
   * declared on that operation's answer of that status, as a validating proxy checks.
   */
  const STANDARD = new Set([
    'content-type',
    'content-length',
    'date',
    'connection',
    'keep-alive',
    'transfer-encoding',
    'cache-control',
    'accept-ranges',
    'last-modified',
    'vary',
    'content-security-policy',
    'cross-origin-opener-policy',
    'cross-origin-resource-policy',
    'origin-agent-cluster',
    'referrer-policy',
    'strict-transport-security',
    'x-content-type-options',
    'x-dns-prefetch-control',
    'x-download-options',
    'x-frame-options',
    'x-permitted-cross-domain-policies',
    'x-xss-protection',
  ]);
  interface Answer {
    method: string;
    path: string;
    status: number;
    headers: Headers;
  }
  const answers: Answer[] = [];

  /** The document's path template that a concrete path of `method` falls under (literal segments before parameters). */
  function templateOf(method: string, path: string): string | undefined {
    const bare = path.split('?')[0];
    const candidates = Object.keys(doc.paths).filter((template) => doc.paths[template][method]);
    const matches = candidates.filter((template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare));
    return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  }
  async function send(method: string, path: string, options: CallOptions = {}) {
    const result = await api.call(method, path, options);
    answers.push({ method: method.toLowerCase(), path, status: result.status, headers: result.headers });
    return result;
  }
  /** A GET, then the same GET with the ETag it got as If-None-Match: the second must be a 304. */
  async function getTwice(path: string, options: CallOptions = { role: 'reader' }) {
    const first = await send('GET', path, options);
    const etag = first.headers.get('etag');
    expect([path, first.status, etag]).toEqual([path, 200, expect.any(String)]);
    // (fetch adds `Cache-Control: no-cache` to a request with If-None-Match — which asks for
    // a full answer — unless the request names its own Cache-Control.)
    const again = await send('GET', path, { ...options, headers: { ...options.headers, 'If-None-Match': etag!, 'Cache-Control': 'max-age=0' } });
    expect([path, again.status, again.text]).toEqual([path, 304, '']);
    return first;
  }

  test('a session of writes, reads, conditional reads and mistakes: each (route, status) and each non-standard header is declared', async () => {
    const slug = 'session-walk';
    await send('POST', '/v1/topics', { body: { slug, title: 'Session walk' } });
    await send('PATCH', `/v1/topics/${slug}`, { body: { description: 'Walked.' } });
    const body = statementBody({ topic: slug, summary: 'walked through every answer' });
    const recorded = await send('POST', '/v1/statements', { body, headers: { 'Idempotency-Key': 'session-walk-1' } });
    expect(recorded.status).toBe(201);
    const id = recorded.body.statementId;
    const replayed = await send('POST', '/v1/statements', { body, headers: { 'Idempotency-Key': 'session-walk-1' } });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await send('POST', '/v1/statements', { body: { ...body, statementId: id } })).status).toBe(200);
    await send('POST', '/v1/statements/batch', { body: { statements: [{ ...body, statementId: id }] }, headers: { 'Idempotency-Key': 'session-walk-2' } });
    await send('POST', '/v1/statements/batch', { body: { statements: [{ ...body, statementId: id }] }, headers: { 'Idempotency-Key': 'session-walk-2' } });

    // Every read, each answered a second time as 304.
    await getTwice('/v1/topics');
    await getTwice(`/v1/topics/${slug}`);
    await getTwice(`/v1/statements/${id}`);
    await getTwice(`/v1/statements?topic=${slug}`);
    await getTwice(`/v1/statements/${id}/events`);
    await getTwice(`/v1/stances?topic=${slug}`);
    await getTwice(`/v1/stances/history?country=${(body.actor as { country: string }).country}&topic=${slug}&target=${body.target ?? 'none'}`);
    await getTwice('/v1/events?limit=5');
    await getTwice('/v1/audit/verify');
    await getTwice('/v1/audit/changes?limit=5');
    // Signed, or counted, at each call: never the same answer twice.
    await send('GET', '/v1/audit/checkpoint', { role: 'reader' });
    await send('GET', '/metrics', { role: null });
    for (const path of ['/health', '/health/live', '/openapi.json', '/docs']) await getTwice(path, { role: null });
    const feed = new AbortController();
    const stream = await fetch(`${api.url}/v1/feed`, { headers: { authorization: `Bearer ${TOKENS.reader}` }, signal: feed.signal });
    answers.push({ method: 'get', path: '/v1/feed', status: stream.status, headers: stream.headers });
    feed.abort();

    // Corrections and retractions, guarded by If-Match, then the mistakes.
    expect(
      (
        await send('POST', `/v1/statements/${id}/corrections`, {
          body: { changes: { position: 'neutral' }, reason: 'Walked.' },
          headers: { 'If-Match': '"0"' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send('POST', `/v1/statements/${id}/corrections`, {
          body: { changes: { position: 'supports' }, reason: 'Stale.' },
          headers: { 'If-Match': '"0"' },
        })
      ).status,
    ).toBe(412);
    expect((await send('POST', `/v1/statements/${id}/corrections`, { body: { changes: { position: 'neutral' }, reason: 'Same.' } })).status).toBe(422);
    expect((await send('POST', `/v1/statements/${id}/retraction`, { body: { reason: 'Walked away.' } })).status).toBe(200);
    expect((await send('POST', `/v1/statements/${id}/retraction`, { body: { reason: 'Again.' } })).status).toBe(409);
    expect((await send('GET', '/v1/stances', { role: null })).status).toBe(401);
    expect((await send('POST', '/v1/topics', { role: 'reader', body: { slug: 'x', title: 'X' } })).status).toBe(403);
    expect((await send('GET', '/v1/topics/no-such-topic', { role: 'reader' })).status).toBe(404);
    expect((await send('GET', '/v1/statements?limit=0', { role: 'reader' })).status).toBe(400);
    expect((await send('POST', '/v1/statements', { rawBody: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await send('POST', '/v1/topics', { body: { slug, title: 'Again' } })).status).toBe(409);

    const undeclared: string[] = [];
    for (const answer of answers) {
      const template = templateOf(answer.method, answer.path);
      const response = template ? doc.paths[template][answer.method].responses[answer.status] : undefined;
      if (!response) {
        undeclared.push(`${answer.method} ${template ?? answer.path} → ${answer.status} is not declared`);
        continue;
      }
      const declared = new Set(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()));
      for (const [name] of answer.headers) {
        if (!STANDARD.has(name) && !declared.has(name)) undeclared.push(`${answer.method} ${template} → ${answer.status} sends ${name}, not declared`);
      }
    }
    expect(undeclared).toEqual([]);
    // The If-None-Match the 304s answered is a declared request header of each of those operations.
    for (const answer of answers.filter((a) => a.status === 304)) {
      const op = doc.paths[templateOf('get', answer.path)!].get;
      expect([answer.path, op.parameters?.some((p: any) => p.in === 'header' && p.name === 'If-None-Match')]).toEqual([answer.path, true]);
    }
  });
});
