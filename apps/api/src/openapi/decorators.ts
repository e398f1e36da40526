import { applyDecorators } from '@nestjs/common';
import { STATEMENT_STATUSES } from '@app/stances';
import { ATTRIBUTIONS, MODALITIES, POSITIONS, STATEMENT_EVENT_TYPES } from '@app/statements';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { Problem, type ProblemType } from '../http/problem.js';
import { FILTER_TEXT_MAX } from '../http/query-fields.js';
import { headerRef, ref, type JsonSchema } from './schemas.js';

/**
 * Small decorators that describe the API in /openapi.json. They only add @nestjs/swagger
 * metadata: nothing here changes how a request is handled.
 */

export const BEARER = 'bearer';

/** A `/v1` controller: its tag, and the bearer token every route of it needs. */
export function ApiV1(tag: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(BEARER));
}

/** A public controller (`/health`, `/metrics`): no token (document.ts gives its operations `security: []`). */
export function ApiPublic(tag: string): ClassDecorator {
  return ApiTags(tag);
}

/** Summary (and description) of one operation. */
export function ApiSummary(summary: string, description?: string): MethodDecorator {
  return ApiOperation({ summary, ...(description ? { description } : {}) });
}

type Headers = Record<string, ReferenceObject>;

/** A JSON success answer whose body is the named component schema. */
export function ApiJsonResponse(status: number, schema: string, description: string, headers?: Headers): MethodDecorator {
  return ApiResponse({ status, description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ref(schema) } } });
}

/** A JSON request body: the named component schema, required. */
export function ApiJsonBody(schema: string, description?: string): MethodDecorator {
  return ApiBody({ required: true, ...(description ? { description } : {}), schema: ref(schema) });
}

const PROBLEMS: Record<number, { type: ProblemType; description: string; detail: string; headers?: Headers; errors?: boolean }> = {
  400: {
    type: 'validation',
    description: 'The request alone shows it is wrong (syntax, type, format, range, unknown field or query parameter); `errors` points at each problem.',
    detail: '/query/limit: must be at most 500',
    errors: true,
  },
  401: {
    type: 'unauthorized',
    description: 'Missing or unknown bearer token.',
    detail: 'send Authorization: Bearer <token>',
    headers: { 'WWW-Authenticate': headerRef('WWWAuthenticate') },
  },
  403: {
    type: 'forbidden',
    description: 'The token is known but its role is too low: this needs editor.',
    detail: 'this needs the editor role; the key "rita" is reader',
  },
  404: { type: 'not-found', description: 'No such resource.', detail: 'no resource at this path' },
  409: {
    type: 'conflict',
    description: "Conflicts with the ledger's state (for a statement: `urn:stance-ledger:duplicate` when it repeats an active one).",
    detail: 'conflict',
  },
  412: {
    type: 'precondition-failed',
    description: 'If-Match names a revision that is no longer current; nothing was written.',
    detail: 'revision 0 is no longer current',
  },
  413: { type: 'payload-too-large', description: 'The body is larger than 1 MiB.', detail: 'the request body is larger than 1 MiB' },
  415: {
    type: 'unsupported-media-type',
    description: 'The body is not JSON: send Content-Type: application/json (UTF-8).',
    detail: 'send the body as application/json',
  },
  422: { type: 'unprocessable', description: "Well-formed, but the ledger's state refuses it.", detail: 'unprocessable' },
  429: {
    type: 'rate-limited',
    description: 'Too many requests for this API key (admin keys are never limited).',
    detail: 'too many requests for this API key',
    headers: { 'Retry-After': headerRef('RetryAfter') },
  },
  503: {
    type: 'unavailable',
    description: 'The database is unavailable, or the read models did not reach `minLogPosition` within 5 s.',
    detail: 'the database is unavailable; try again shortly',
    headers: { 'Retry-After': headerRef('RetryAfter') },
  },
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

/**
 * The application/problem+json answers an operation can give, each with the Problem
 * schema and an example built by the same class that builds the real answers. A status may
 * come with the endpoint's own description: `[409, 'the slug is taken']`.
 */
export function ApiProblems(...statuses: (ProblemStatus | [ProblemStatus, string])[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, undefined];
      const problem = PROBLEMS[status];
      const example = new Problem(problem.type, problem.detail, {
        ...(problem.errors ? { errors: [{ pointer: '/query/limit', detail: 'must be at most 500' }] } : {}),
      }).toBody();
      return ApiResponse({
        status,
        description: description ?? problem.description,
        ...(problem.headers ? { headers: problem.headers } : {}),
        content: { 'application/problem+json': { schema: ref('Problem'), example } },
      });
    }),
  );
}

/** Problems of every authenticated read: a bad query, no token, rate limit, unavailable. */
export const READ_PROBLEMS: ProblemStatus[] = [400, 401, 429, 503];
/** Problems of every write: also role too low, body too large, not JSON. */
export const WRITE_PROBLEMS: ProblemStatus[] = [400, 401, 403, 413, 415, 429, 503];

// ---- parameters ---------------------------------------------------------------------

interface Param {
  name: string;
  required: boolean;
  description: string;
  schema: JsonSchema | ReferenceObject;
  example?: unknown;
}

const asSchema = (schema: JsonSchema | ReferenceObject) => schema as SchemaObject;

/** Query parameters; each endpoint refuses any other one with 400 (`/query/<name>`). */
export function ApiQueries(...params: Param[]): MethodDecorator {
  return applyDecorators(
    ...params.map((param) =>
      ApiQuery({
        name: param.name,
        required: param.required,
        description: param.description,
        schema: asSchema(param.schema),
        // (Nest drops a plain `example` next to a schema; the examples map survives.)
        ...(param.example !== undefined ? { examples: { sample: { value: param.example } } } : {}),
      }),
    ),
  );
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A comma list of enumerated values (any of them matches), as its pattern. */
const commaListOf = (values: readonly string[]) => ({ type: 'string', pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` }) as const;

/** A free-text filter matched as a whole, ignoring case. */
function exactText(name: string, description: string, example: string): Param {
  return { name, required: false, description, schema: { type: 'string', minLength: 1, maxLength: FILTER_TEXT_MAX }, example };
}

/** `from` / `to`: an inclusive bound; a bare date is the start / the end of that UTC day. */
function range(name: 'from' | 'to', over: string): Param {
  const [bound, edge, example] = name === 'from' ? ['Earliest', 'start', '2024-01-01'] : ['Latest', 'end', '2024-12-31'];
  return {
    name,
    required: false,
    description: `${bound} ${over}, inclusive. A date means the ${edge} of that UTC day.`,
    schema: ref('DateOrDateTime'),
    example,
  };
}

/** The query parameters of CONTRACT.md, by name; the description says what each filters here. */
export const Q = {
  country: (description: string, required = false): Param => ({ name: 'country', required, description, schema: ref('CountryCode'), example: 'KOR' }),
  topic: (description = "The topic's slug.", required = false): Param => ({
    name: 'topic',
    required,
    description,
    schema: ref('TopicSlug'),
    example: 'aukus-pillar-ii',
  }),
  target: (required = false): Param => ({
    name: 'target',
    required,
    description: "The target's country code or actor slug, or `none` for no target.",
    schema: { type: 'string', anyOf: [ref('CountryCode'), ref('ActorSlug'), { const: 'none' }] },
    example: 'none',
  }),
  holder: (description = "The stance's holder: a country code (that country's government) or a registered actor's slug."): Param => ({
    name: 'holder',
    required: false,
    description,
    schema: { type: 'string', anyOf: [ref('CountryCode'), ref('ActorSlug')] },
    example: 'aukus',
  }),
  attribution: (): Param => ({
    name: 'attribution',
    required: false,
    description:
      'Only statements with one of these attributions count — for the stance, `since` and `statementCount` — as if the others did not exist (a comma list; default all).',
    schema: commaListOf(ATTRIBUTIONS),
    example: 'on_record,reported',
  }),
  change: (values: readonly string[]): Param => ({
    name: 'change',
    required: false,
    description: 'Only these changes (a comma list; default all of them).',
    schema: commaListOf(values),
    example: values[values.length - 1],
  }),
  shift: (values: readonly string[]): Param => ({
    name: 'shift',
    required: false,
    description: 'Only these shifts (a comma list; default all of them).',
    schema: commaListOf(values),
    example: 'reversal,to_neutral',
  }),
  certain: (): Param => ({
    name: 'certain',
    required: false,
    description: "`true`: leave out the pairs whose order is uncertain (`orderUncertain`: the two statements' stated intervals overlap).",
    schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
    example: 'true',
  }),
  /** The statement list's filters (issue 15): each narrows the rows, all combine with AND. */
  statementAttribution: (): Param => ({
    name: 'attribution',
    required: false,
    description: 'Statements with one of these attributions (a comma list).',
    schema: commaListOf(ATTRIBUTIONS),
    example: 'unnamed_official,anonymous_sources',
  }),
  position: (): Param => ({
    name: 'position',
    required: false,
    description: 'Statements taking one of these positions (a comma list).',
    schema: commaListOf(POSITIONS),
    example: 'considering,supports',
  }),
  modality: (): Param => ({
    name: 'modality',
    required: false,
    description: 'Statements of one of these modalities (a comma list).',
    schema: commaListOf(MODALITIES),
    example: 'hedged,conditional',
  }),
  cameoCode: (): Param => ({
    name: 'cameoCode',
    required: false,
    description: 'Statements with this CAMEO event code (exact, leading zeros kept).',
    schema: ref('CameoCode'),
    example: '0312',
  }),
  person: (): Param => exactText('person', "The speaker's name (`actor.person`), exact but for case.", 'Kim Tae-hyo'),
  publisher: (): Param => exactText('publisher', "A publisher of any of the statement's sources, exact but for case.", 'Korea Pro'),
  recordedBy: (description: string): Param => exactText('recordedBy', description, 'analyst-1'),
  eventType: (): Param => ({
    name: 'type',
    required: false,
    description: 'Changes of these event types (a comma list).',
    schema: commaListOf(STATEMENT_EVENT_TYPES),
    example: 'StatementCorrected,StatementRetracted',
  }),
  q: (): Param => ({
    name: 'q',
    required: false,
    description:
      "Full-text search over `summary`, `quote`, the actor's `body`/`person`/`role` and the sources' `publisher`/`title`: whole words as typed in any language, ignoring case and without stemming (PostgreSQL's `simple` configuration); web-search syntax — words (all of them), `\"quoted phrases\"`, `or`, `-word` (leave out). A `q` with no word → 400. The list's order is kept (no ranking).",
    schema: { type: 'string', minLength: 1, maxLength: FILTER_TEXT_MAX },
    example: 'submarine -"Pillar I"',
  }),
  utteranceId: (): Param => ({
    name: 'utteranceId',
    required: false,
    description: 'Rows of one utterance.',
    schema: ref('Uuid'),
    example: '0b9a6c1e-4d2f-4a8e-9c3b-5e7f1a2b3c4d',
  }),
  status: (): Param => ({
    name: 'status',
    required: false,
    description: 'Only active or only retracted statements (default: both).',
    schema: { type: 'string', enum: [...STATEMENT_STATUSES] },
    example: 'active',
  }),
  from: (over: string) => range('from', over),
  to: (over: string) => range('to', over),
  asOf: (): Param => ({
    name: 'asOf',
    required: false,
    description: 'Valid time: only statements whose statedFrom ≤ asOf count. A date means the end of that UTC day.',
    schema: ref('DateOrDateTime'),
    example: '2024-06-30',
  }),
  knownAt: (): Param => ({
    name: 'knownAt',
    required: false,
    description: 'Transaction time: the answer the ledger gave with exactly the events whose recordedAt ≤ knownAt. A date means the end of that UTC day.',
    schema: ref('DateOrDateTime'),
    example: '2026-11-23T10:00:00Z',
  }),
  limit: (max: number): Param => ({
    name: 'limit',
    required: false,
    description: `Page size, 1–${max}.`,
    schema: { type: 'integer', minimum: 1, maximum: max, default: 100 },
    example: 50,
  }),
  /** `example`: a cursor of the endpoint's own (each list encodes where it ended its own way). */
  cursor: (example = 'WyIyMDI0LTExLTAxVDAwOjAwOjAwLjAwMFoiLDFd'): Param => ({
    name: 'cursor',
    required: false,
    description: 'The `nextCursor` of the previous page (opaque).',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
    example,
  }),
  after: (description: string, withDefault: boolean): Param => ({
    name: 'after',
    required: false,
    description,
    schema: { type: 'integer', minimum: 0, maximum: MAX_SAFE, ...(withDefault ? { default: 0 } : {}) },
    example: 0,
  }),
  minLogPosition: (): Param => ({
    name: 'minLogPosition',
    required: false,
    description: "Read-your-writes: wait up to 5 s for the read models to reach this logPosition (e.g. a write's Ledger-Position), else 503 with Retry-After.",
    schema: { type: 'integer', minimum: 0, maximum: MAX_SAFE },
    example: 1,
  }),
};

/** A path parameter. */
export function ApiPathParam(name: string, description: string, schema: JsonSchema | ReferenceObject): MethodDecorator {
  return ApiParam({ name, required: true, description, schema: asSchema(schema) });
}

/** A request header (names as Nest reads them; document.ts spells them canonically). */
export function ApiRequestHeader(name: string, description: string, schema: JsonSchema): MethodDecorator {
  return ApiHeader({ name, required: false, description, schema: asSchema(schema) });
}
