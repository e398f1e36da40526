import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type HeaderObject,
  type ParameterObject,
  type ResponseObject,
  type SchemaObject,
  type SecuritySchemeObject,
} from '@nestjs/swagger';
import { BEARER } from './decorators.js';
import { HEADERS, SCHEMAS, headerRef } from './schemas.js';

const DESCRIPTION = `Record what governments say, read back where they stand, when it flipped, and who changed what.

**Auth.** Everything under \`/v1\` needs \`Authorization: Bearer <token>\`: \`reader\` reads, \`editor\` also writes,
\`admin\` also runs maintenance. Missing or unknown token → 401; known token, role too low → 403.
\`/health\`, \`/health/live\`, \`/metrics\`, \`/openapi.json\` and \`/docs\` need no token.

**Conventions.** Strings are measured in Unicode code points; U+0000 and unpaired surrogates are rejected.
Unknown body fields and unknown query parameters are rejected (400; a query parameter's pointer is \`/query/<name>\`).
Optional fields with no value are returned as \`null\`; an omitted optional field equals an explicit \`null\`.
400 means the request alone shows it is wrong; 422 means it is well-formed but the ledger's state refuses it.
\`logPosition\` is an event's place in the global log (1, 2, 3, … without gaps).

**Writes** answer with \`Ledger-Position\` (the logPosition of their last event) once the read models have applied them;
reads accept \`minLogPosition\` to wait for a given position (up to 5 s, else 503 with \`Retry-After\`).

**Conditional reads.** Every GET but \`/v1/feed\` and the exports (\`/v1/export/…\`) answers with an \`ETag\`; send it back as \`If-None-Match\` and,
while the answer is unchanged, get \`304 Not Modified\` without a body. Every answer carries \`X-Correlation-Id\`
(yours, when you send a sane \`X-Correlation-Id\` or \`X-Request-Id\`).

**Errors.** Every 4xx/5xx is \`application/problem+json\` (RFC 9457). Besides the answers listed per operation,
any path answers 404 for an unknown route and 405 (with \`Allow\`) for a method it does not have; a request body
over 1 MiB gets 413 and a non-JSON body 415.`;

/** Header names as Nest reads them (lower case) → as HTTP spells them. */
const HEADER_NAMES: Record<string, string> = { 'if-match': 'If-Match', 'last-event-id': 'Last-Event-ID' };

/**
 * The OpenAPI 3.1 document, generated from the controllers' routes and their
 * @nestjs/swagger decorators, with the hand-written schemas of schemas.ts as components.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Stance Ledger API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://spdx.org/licenses/MIT.html')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: "An API key's token (API_KEYS name:role:token): an opaque string of at least 16 characters." },
      BEARER,
    )
    .addTag('auth', 'Who the bearer token is.')
    .addTag('topics', 'What statements are about.')
    .addTag('actors', "Stance holders that are not a country's government: organizations of countries, and bodies of one country.")
    .addTag('reference', 'The country codes and the CAMEO codebook, for clients and forms.')
    .addTag('statements', 'Record, correct and retract what was said.')
    .addTag('stances', 'Where each country stands, now or at any valid and transaction time.')
    .addTag('events', 'The global, hash-chained event log.')
    .addTag('audit', 'Verify the chain, sign checkpoints, review who changed what.')
    .addTag('feed', 'Live Server-Sent Events.')
    .addTag('export', 'Every matching statement or stance as one CSV or JSONL download.')
    .addTag('operations', 'Health and metrics (no token).')
    .build();
  config.components = { ...config.components, schemas: { ...(SCHEMAS as Record<string, SchemaObject>) }, headers: { ...HEADERS } };
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
  });
  // Served by SwaggerModule rather than a controller, so described here.
  document.paths['/openapi.json'] = {
    get: {
      operationId: 'openapi_document',
      summary: 'This OpenAPI document',
      description: 'OpenAPI 3.1, generated from the code. No token.',
      tags: ['operations'],
      responses: { 200: { description: 'The document.', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  document.paths['/docs'] = {
    get: {
      operationId: 'openapi_docs',
      summary: 'Browse this document (Swagger UI)',
      description: 'No token.',
      tags: ['operations'],
      responses: { 200: { description: 'The Swagger UI page.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      // Public routes say so explicitly; every /v1 route carries the bearer requirement (ApiV1).
      if (!path.startsWith('/v1/')) operation.security = [];
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'header' && HEADER_NAMES[parameter.name]) parameter.name = HEADER_NAMES[parameter.name];
      }
      if (method === 'get' && !STREAMED[path]) describeConditionalGet(operation);
      for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
        // Every answer, whatever its status, echoes the request's correlation id (observability/logging.ts).
        response.headers = { ...response.headers, 'X-Correlation-Id': headerRef('CorrelationId') };
        // express tags every body it sends (writes' and problems' too), a stream excepted.
        const streamed = method === 'get' && STREAMED[path] && status === '200';
        if (response.content && !streamed) response.headers.ETag ??= headerRef('EntityTag');
        if (streamed) Object.assign(response.headers, STREAMED[path]);
      }
    }
  }
  // The tokens are opaque keys (API_KEYS), not JWTs: no bearerFormat (DocumentBuilder's default says JWT).
  const bearer = document.components?.securitySchemes?.[BEARER] as SecuritySchemeObject | undefined;
  if (bearer) delete bearer.bearerFormat;
  return document;
}

/** GET routes that stream (no ETag, never 304) — the live feed, the exports —, with the headers their 200 carries besides its own. */
const STREAMED: Record<string, Record<string, HeaderObject>> = {
  '/v1/feed': {
    'X-Accel-Buffering': { description: 'Asks a proxy (nginx) not to buffer the stream.', schema: { type: 'string', enum: ['no'] } },
  },
  '/v1/export/statements': {},
  '/v1/export/stances': {},
};

/**
 * express answers every GET whose body goes through `res.send` conditionally: it gives the
 * answer an ETag (a weak hash of the body, unless the route set its own — a statement's
 * revision, a stance table's digest) and answers 304 without a body when the request's
 * If-None-Match names it. Every GET but the feed does, so each says so here rather than in
 * twenty decorators that could be forgotten on the next route.
 */
function describeConditionalGet(operation: OperationObject): void {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-none-match')) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'An ETag of an earlier answer to the same request: while the answer would be the same, 304 without a body.',
      schema: { type: 'string' },
    });
  }
  operation.parameters = parameters;
  const ok = operation.responses[200] as ResponseObject | undefined;
  if (!ok) return;
  const etag = ok.headers?.ETag ?? headerRef('EntityTag');
  ok.headers = { ...ok.headers, ETag: etag };
  operation.responses[304] = {
    description: 'Not Modified: If-None-Match names the ETag the answer would have; no body.',
    headers: { ETag: etag },
  };
}

/** Serves the document at GET /openapi.json and Swagger UI at GET /docs (both public). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'Stance Ledger API',
    // Links such as /docs#/statements/statements_record open that operation.
    swaggerOptions: { deepLinking: true },
  });
}
