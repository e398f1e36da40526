import { ACTOR_KINDS, EVENT_TYPES, FLIP_CHANGES, FLIP_SHIFTS, MAX_BATCH, POSITION_CHANGES, POSITION_SHIFTS, STATEMENT_EVENT_TYPES } from '@app/statements';
import { STANCE_CHANGE_CAUSES } from '@app/stances';
import type { HeaderObject, ReferenceObject } from '@nestjs/swagger';
import { orNull, ref, type JsonSchema } from './json-schema.js';
import { ACTOR_SCHEMAS } from './actor-schemas.js';
import { STATEMENT_SCHEMAS } from './statement-schemas.js';

export { ref, type JsonSchema } from './json-schema.js';

/**
 * The JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of CONTRACT.md's resources: they
 * become `components.schemas` of /openapi.json. The statement's (and the values it holds)
 * are derived from its declaration (statement-schemas.ts); here are the envelopes — topics,
 * pages, events, stances, audit, health and problems — written by hand and kept true to the
 * contract. Optional fields are answered as `null`, so response schemas list every field as
 * required and type the optional ones as `[T, "null"]`. String lengths count code points,
 * as JSON Schema's maxLength does.
 */
const text = (maxLength: number, description: string, minLength?: number): JsonSchema => ({
  type: 'string',
  ...(minLength !== undefined ? { minLength } : {}),
  maxLength,
  description: `${description} At most ${maxLength} code points; U+0000 and unpaired surrogates are refused.`,
});

export const PROBLEM_TYPES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'conflict',
  'duplicate',
  'precondition-failed',
  'payload-too-large',
  'unsupported-media-type',
  'unprocessable',
  'rate-limited',
  'unavailable',
  'internal',
];
const HEX_64 = '^[0-9a-f]{64}$';
const BASE64URL = '^[A-Za-z0-9_-]+$';

const logPosition = (description = 'The place of an event in the global log: 1, 2, 3, … without gaps.'): JsonSchema => ({
  type: 'integer',
  minimum: 1,
  description,
  example: 42,
});

/** A list answer: `{ "items": [ … ] }`. */
const list = (item: string, description?: string): JsonSchema => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', ...(description ? { description } : {}), items: ref(item) } },
});

/** A page of the log or of its changes: `{ "items", "nextAfter" }`. */
const afterPage = (item: string, order: string): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextAfter'],
  properties: {
    items: { type: 'array', description: order, items: ref(item) },
    nextAfter: { type: ['integer', 'null'], minimum: 1, description: 'Pass as `after` for the next page; null once the end is reached.' },
  },
});

/** A keyset page: `{ "items", "nextCursor" }`. */
const cursorPage = (item: string, nextCursor: string): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: nextCursor },
  },
});

const TOPIC_EXAMPLE = { slug: 'aukus-pillar-ii', title: 'AUKUS Pillar II partnership', description: 'Advanced-capability cooperation under AUKUS.' };

/** A topic as answered (`required` all three) or as registered (`slug`, `title`). */
const topic = (description: string, required: string[]): JsonSchema => ({
  type: 'object',
  description,
  required,
  additionalProperties: false,
  properties: {
    slug: ref('TopicSlug'),
    title: text(200, "The topic's title, 1 code point or more.", 1),
    description: orNull(text(2000, 'What the topic covers, or null (omitted equals null).')),
  },
  example: TOPIC_EXAMPLE,
});

const schemas = {
  Topic: topic('A registered topic.', ['slug', 'title', 'description']),
  TopicInput: topic('A topic to register. Unknown fields are refused (400).', ['slug', 'title']),
  TopicRevision: {
    type: 'object',
    description: 'A revision of a topic: its title and/or description (the slug never changes). Unknown fields are refused (400).',
    additionalProperties: false,
    properties: {
      title: text(200, 'The new title.', 1),
      description: orNull(text(2000, 'The new description; null removes it.')),
    },
    example: { title: 'AUKUS Pillar II (advanced capabilities)' },
  },
  TopicList: list('Topic'),

  StatementBatch: {
    type: 'object',
    description: 'Up to 100 statements, recorded atomically: all or nothing. Errors point into `/statements/<index>/…`.',
    required: ['statements'],
    additionalProperties: false,
    properties: { statements: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: ref('StatementInput') } },
  },
  BatchResult: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        description: 'One item per statement of the batch, in its order.',
        items: {
          type: 'object',
          required: ['statementId', 'revision', 'logPosition'],
          additionalProperties: false,
          properties: {
            statementId: ref('Uuid'),
            revision: { type: 'integer', minimum: 0, description: "The statement's current revision." },
            logPosition: logPosition("The logPosition of the statement's latest event."),
          },
        },
      },
    },
  },
  Correction: {
    type: 'object',
    description: 'A correction: what changes and why. A correction that changes nothing (an empty patch included) is refused (422).',
    required: ['changes', 'reason'],
    additionalProperties: false,
    properties: { changes: ref('StatementChanges'), reason: text(2000, 'Why it is corrected.', 1) },
    example: { changes: { position: 'supports', actor: { person: 'Cho Tae-yul' } }, reason: 'Named in the follow-up report.' },
  },
  Retraction: {
    type: 'object',
    description: 'A retraction: why the statement no longer counts.',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: text(2000, 'Why it is retracted.', 1) },
    example: { reason: 'Duplicate of another statement.' },
  },
  StatementPage: cursorPage('Statement', 'Pass as `cursor` for the next page; null at the end.'),

  Stance: {
    type: 'object',
    description:
      'The projected stance of a key (holder, topic, target): the last of its active statements ordered by statedFrom (ties by recording order). `since` is the statedAt of the first statement of the unbroken run of the same position that ends at the last; `statementCount` counts them all; `attribution` and `modality` are those of the last.',
    required: [
      'holder',
      'holderKind',
      'country',
      'topic',
      'target',
      'position',
      'score',
      'statedAt',
      'statementId',
      'since',
      'statementCount',
      'attribution',
      'modality',
    ],
    additionalProperties: false,
    properties: {
      holder: {
        type: 'string',
        anyOf: [ref('CountryCode'), ref('ActorSlug')],
        description: "Who holds the position: a country's government (its code) or a registered actor (its slug).",
      },
      holderKind: { type: 'string', enum: ['country', ...ACTOR_KINDS], description: "`country`, or the registered actor's kind." },
      country: { ...orNull(ref('CountryCode')), description: "The holder when it is a country, else null (v1: the stance of a country's government)." },
      topic: ref('TopicSlug'),
      target: { anyOf: [ref('CountryCode'), ref('ActorSlug'), { type: 'null' }], description: 'A country code or an actor slug; null for none.' },
      position: ref('Position'),
      score: ref('Score'),
      statedAt: ref('StatedAt'),
      statementId: ref('Uuid'),
      since: ref('StatedAt'),
      statementCount: { type: 'integer', minimum: 1 },
      attribution: { ...ref('Attribution'), description: 'How the last statement was attributed.' },
      modality: { ...ref('Modality'), description: 'How firmly the last statement put it.' },
    },
  },
  StanceList: list('Stance', 'All of them, by holder, topic, then target (null first).'),
  StanceHistoryItem: {
    type: 'object',
    required: ['statementId', 'position', 'score', 'statedAt', 'change', 'shift', 'orderUncertain'],
    additionalProperties: false,
    properties: {
      statementId: ref('Uuid'),
      position: ref('Position'),
      score: ref('Score'),
      statedAt: ref('StatedAt'),
      change: {
        type: 'string',
        enum: [...POSITION_CHANGES],
        description:
          'Against the previous item: initial (the first), no_flip (same position), half_flip (moved on the same side, or to or from neutral), full_flop (from considering/supports to concerned/opposes, or back).',
      },
      shift: {
        type: 'string',
        enum: [...POSITION_SHIFTS],
        description:
          'Against the previous item, by score and side: none (the first, or the same score), stronger (same side, further from neutral), weaker (same side, toward neutral), to_neutral, from_neutral, reversal (across neutral).',
      },
      orderUncertain: {
        type: 'boolean',
        description: "The item's [statedFrom, statedTo) overlaps the previous item's: which was said first is not known (false for the first).",
      },
    },
  },
  StanceHistory: list('StanceHistoryItem', "The key's active statements in order."),
  Alignment: {
    type: 'object',
    required: ['a', 'b', 'shared', 'agreement'],
    additionalProperties: false,
    properties: {
      a: { type: 'string', anyOf: [ref('CountryCode'), ref('ActorSlug')], description: 'A holder; before `b` in code point order.' },
      b: { type: 'string', anyOf: [ref('CountryCode'), ref('ActorSlug')], description: 'The other holder.' },
      shared: {
        type: 'integer',
        minimum: 1,
        description: 'The (topic, target) keys where both hold a stance, less those where both stances rest on statements of one utterance.',
      },
      agreement: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'The mean over the shared keys of 1 − |score(a) − score(b)| / 4, rounded half away from zero to 4 decimals.',
      },
    },
  },
  AlignmentList: list('Alignment', 'By agreement descending, then shared descending, then a, b.'),

  FlipEnd: {
    type: 'object',
    required: ['statementId', 'position', 'statedAt'],
    additionalProperties: false,
    properties: { statementId: ref('Uuid'), position: ref('Position'), statedAt: ref('StatedAt') },
  },
  Flip: {
    type: 'object',
    description:
      "Two adjacent statements of a stance key's history (`from`, then `to`) whose position moved; `change`, `shift` and `orderUncertain` are those of `to`'s item in `/stances/history`.",
    required: ['holder', 'topic', 'target', 'change', 'shift', 'orderUncertain', 'from', 'to'],
    additionalProperties: false,
    properties: {
      holder: { type: 'string', anyOf: [ref('CountryCode'), ref('ActorSlug')], description: 'Who holds the position: a country code or an actor slug.' },
      topic: ref('TopicSlug'),
      target: { anyOf: [ref('CountryCode'), ref('ActorSlug'), { type: 'null' }], description: 'A country code or an actor slug; null for none.' },
      change: { type: 'string', enum: [...FLIP_CHANGES], description: 'As in StanceHistoryItem.' },
      shift: { type: 'string', enum: [...FLIP_SHIFTS], description: 'As in StanceHistoryItem.' },
      orderUncertain: { type: 'boolean', description: "`to`'s [statedFrom, statedTo) overlaps `from`'s: which was said first is not known." },
      from: ref('FlipEnd'),
      to: ref('FlipEnd'),
    },
  },
  FlipPage: cursorPage('Flip', 'Pass as `cursor` (with the same filters) for the next page; null at the end.'),

  EventMetadata: {
    type: 'object',
    required: ['recordedBy', 'recordedAt', 'correlationId', 'causationId', 'schemaVersion'],
    properties: {
      recordedBy: { type: 'string', description: 'The API key name that wrote the event.' },
      recordedAt: { type: 'string', format: 'date-time', description: 'When it was committed (UTC); never decreases along the log.' },
      correlationId: { type: 'string', description: "The request's correlation id." },
      causationId: { type: ['string', 'null'] },
      schemaVersion: { type: 'integer', minimum: 1 },
    },
  },
  TopicRegisteredData: { title: 'TopicRegistered', description: 'The Topic as registered.', allOf: [ref('Topic')] },
  TopicRevisedData: {
    type: 'object',
    title: 'TopicRevised',
    required: ['slug', 'changes'],
    properties: { slug: ref('TopicSlug'), changes: ref('TopicRevision') },
  },
  ActorRegisteredData: { title: 'ActorRegistered', description: 'The Actor as registered.', allOf: [ref('RegisteredActor')] },
  ActorRevisedData: {
    type: 'object',
    title: 'ActorRevised',
    required: ['slug', 'changes'],
    properties: { slug: ref('ActorSlug'), changes: ref('RegisteredActorRevision') },
  },
  StatementRecordedData: {
    type: 'object',
    title: 'StatementRecorded',
    description: 'The statement as recorded: statementId and every client-given field.',
    allOf: [ref('StatementInput')],
    required: ['statementId'],
    properties: { statementId: ref('Uuid') },
  },
  StatementCorrectedData: {
    type: 'object',
    title: 'StatementCorrected',
    required: ['statementId', 'changes', 'reason'],
    properties: { statementId: ref('Uuid'), changes: ref('StatementChanges'), reason: { type: 'string' } },
  },
  StatementRetractedData: {
    type: 'object',
    title: 'StatementRetracted',
    required: ['statementId', 'reason'],
    properties: { statementId: ref('Uuid'), reason: { type: 'string' } },
  },
  Event: {
    type: 'object',
    description:
      "An event of the log, served exactly as stored and never updated or deleted. dataHash = SHA-256 of the RFC 8785 canonical JSON of data; hash = SHA-256 of prevHash (64 hex) followed by the RFC 8785 canonical JSON of {logPosition, streamId, revision, type, dataHash, metadata}; the first event's prevHash is 64 zeros.",
    required: ['logPosition', 'streamId', 'revision', 'type', 'data', 'dataHash', 'metadata', 'prevHash', 'hash'],
    additionalProperties: false,
    properties: {
      logPosition: logPosition(),
      streamId: {
        type: 'string',
        pattern: '^((topic|actor)-[a-z0-9]+(-[a-z0-9]+)*|statement-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
        description: '`topic-<slug>`, `statement-<statementId>` or `actor-<slug>`.',
        examples: ['topic-aukus-pillar-ii'],
      },
      revision: { type: 'integer', minimum: 0, description: "The event's place in its stream, from 0." },
      type: { type: 'string', enum: [...EVENT_TYPES] },
      data: {
        type: 'object',
        description:
          'By type: TopicRegistered — the Topic; TopicRevised — {slug, changes}; StatementRecorded — the statement as recorded (statementId and every client-given field); StatementCorrected — {statementId, changes, reason}; StatementRetracted — {statementId, reason}; ActorRegistered — the Actor; ActorRevised — {slug, changes}.',
        anyOf: [
          ref('TopicRegisteredData'),
          ref('TopicRevisedData'),
          ref('StatementRecordedData'),
          ref('StatementCorrectedData'),
          ref('StatementRetractedData'),
          ref('ActorRegisteredData'),
          ref('ActorRevisedData'),
        ],
      },
      dataHash: { type: 'string', pattern: HEX_64 },
      metadata: ref('EventMetadata'),
      prevHash: { type: 'string', pattern: HEX_64 },
      hash: { type: 'string', pattern: HEX_64 },
    },
  },
  EventList: list('Event', 'Oldest first.'),
  EventPage: afterPage('Event', 'In logPosition order.'),

  ChainHead: {
    type: 'object',
    required: ['logPosition', 'hash'],
    additionalProperties: false,
    properties: {
      logPosition: { type: 'integer', minimum: 0, description: "The last event's logPosition (0 for an empty log)." },
      hash: { type: 'string', pattern: HEX_64 },
    },
  },
  AuditVerification: {
    type: 'object',
    description: 'The result of recomputing every dataHash and the whole chain; when not ok, firstInvalidLogPosition names where it breaks.',
    required: ['ok', 'eventsChecked', 'head'],
    additionalProperties: false,
    properties: {
      ok: { type: 'boolean' },
      eventsChecked: { type: 'integer', minimum: 0 },
      head: ref('ChainHead'),
      firstInvalidLogPosition: logPosition('Present when ok is false: the first event that does not verify.'),
    },
  },
  Checkpoint: {
    type: 'object',
    description:
      'The head at the time of the request, signed. signature is Ed25519 over the RFC 8785 canonical JSON of {logPosition, hash, signedAt}; signature and publicKey (the raw 32-byte key) are base64url without padding.',
    required: ['logPosition', 'hash', 'signedAt', 'signature', 'publicKey'],
    additionalProperties: false,
    properties: {
      logPosition: { type: 'integer', minimum: 0 },
      hash: { type: 'string', pattern: HEX_64 },
      signedAt: { type: 'string', format: 'date-time', description: 'RFC 3339, UTC.' },
      signature: { type: 'string', pattern: BASE64URL, minLength: 86, maxLength: 86 },
      publicKey: { type: 'string', pattern: BASE64URL, minLength: 43, maxLength: 43 },
    },
  },
  FieldChange: {
    type: 'object',
    required: ['field', 'old', 'new'],
    additionalProperties: false,
    properties: {
      field: { type: 'string', description: 'A JSON Pointer into the Statement.', examples: ['/position'] },
      old: { description: 'The value before (null on a recording).' },
      new: { description: 'The value after.' },
    },
  },
  AuditChange: {
    type: 'object',
    required: ['logPosition', 'recordedAt', 'recordedBy', 'type', 'statementId', 'country', 'topic', 'holder', 'target', 'reason', 'changes'],
    additionalProperties: false,
    properties: {
      logPosition: logPosition(),
      recordedAt: { type: 'string', format: 'date-time' },
      recordedBy: { type: 'string' },
      type: { type: 'string', enum: [...STATEMENT_EVENT_TYPES] },
      statementId: ref('Uuid'),
      country: ref('CountryCode'),
      topic: ref('TopicSlug'),
      holder: { anyOf: [ref('CountryCode'), ref('ActorSlug')], description: "The statement's holder after the change." },
      target: { anyOf: [ref('CountryCode'), ref('ActorSlug'), { type: 'null' }], description: "The statement's target after the change; null for none." },
      reason: { type: ['string', 'null'], description: "The correction's or retraction's reason; null on a recording." },
      changes: { type: 'array', description: 'Every field that changed; a recording lists every field with old: null.', items: ref('FieldChange') },
    },
  },
  AuditChangePage: afterPage('AuditChange', 'Oldest first.'),

  StanceChange: {
    type: 'object',
    description: 'A stance an event changed, as it stood right before and right after it (null: no stance), and what kind of event changed it.',
    required: ['cause', 'previous', 'current'],
    additionalProperties: false,
    properties: {
      cause: {
        type: 'string',
        enum: [...STANCE_CHANGE_CAUSES],
        description:
          'The event: a statement recorded, corrected or retracted. A correction that moves a statement between keys changes both, each `corrected`: a corrected record is told apart from a change of position.',
      },
      previous: orNull(ref('Stance')),
      current: orNull(ref('Stance')),
    },
  },
  FeedMessage: {
    description:
      'One Server-Sent Events message. For each log event: `event:` its type, `id:` its logPosition, `data:` the Event JSON; then for each stance it changed: `event: StanceChanged`, the same `id:`, `data:` a StanceChange JSON. Comment lines (`: keepalive`) arrive every 15 s.',
    oneOf: [
      {
        type: 'object',
        title: 'event',
        required: ['event', 'id', 'data'],
        properties: {
          event: { type: 'string', enum: [...EVENT_TYPES] },
          id: logPosition(),
          data: { type: 'string', contentMediaType: 'application/json', contentSchema: ref('Event') },
        },
      },
      {
        type: 'object',
        title: 'StanceChanged',
        required: ['event', 'id', 'data'],
        properties: {
          event: { type: 'string', const: 'StanceChanged' },
          id: logPosition(),
          data: { type: 'string', contentMediaType: 'application/json', contentSchema: ref('StanceChange') },
        },
      },
    ],
  },

  Readiness: {
    type: 'object',
    required: ['status', 'reason', 'head', 'projection'],
    properties: {
      status: { type: 'string', const: 'ok' },
      reason: { type: 'string' },
      head: { type: 'integer', minimum: 0, description: "The log head's logPosition." },
      projection: ref('ProjectionStatus'),
    },
  },
  ProjectionStatus: {
    type: 'object',
    required: ['logPosition'],
    properties: {
      logPosition: { type: 'integer', minimum: 0, description: 'The logPosition the read models have applied.' },
      lagMs: { type: 'integer', minimum: 0, description: 'Age of the oldest event not yet applied.' },
      failed: {
        type: ['object', 'null'],
        description: 'Where a projection stopped, or null. Its error text is shown only to an admin token (under `internal`).',
        properties: { logPosition: { type: 'integer' } },
      },
    },
  },
  Me: {
    type: 'object',
    required: ['name', 'role'],
    additionalProperties: false,
    description: 'The API key the bearer token belongs to.',
    properties: {
      name: { type: 'string', description: "The key's name (API_KEYS name:role:token); it is `recordedBy` on what the key writes." },
      role: {
        type: 'string',
        enum: ['reader', 'editor', 'admin'],
        description: 'What the key may do: read; also record, correct and retract; also the admin routes.',
      },
    },
    example: { name: 'alice', role: 'editor' },
  },
  Liveness: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', const: 'ok' } },
  },

  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details, sent as application/problem+json for every 4xx/5xx. A statement equal to an active one (same holder, topic, target, position, statedAt, quote, speaker and primary source) is answered 409 `urn:stance-ledger:duplicate` with `duplicateOf`. For invalid input, `errors` lists each problem with a JSON Pointer into the body (e.g. `/statements/3/position`), `/query/<name>` for a query parameter, or `/headers/<name>` for a header.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: {
        type: 'string',
        enum: PROBLEM_TYPES.map((slug) => `urn:stance-ledger:${slug}`),
        description: '`urn:stance-ledger:` plus the kind of problem.',
      },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['pointer', 'detail'],
          properties: {
            pointer: { type: 'string', description: 'A JSON Pointer: into the body, or `/query/<name>`, or `/headers/<name>`.', examples: ['/actor/country'] },
            detail: { type: 'string' },
            duplicateOf: { type: 'string', format: 'uuid', description: 'In a `duplicate` problem: the active statement this item repeats.' },
          },
        },
      },
      duplicateOf: {
        type: 'string',
        format: 'uuid',
        description: 'In a `duplicate` problem (409): the active statement the (first) duplicate repeats; each item of `errors` names its own.',
      },
      code: { type: 'string', description: "A stable code for a refusal by the ledger's rules, e.g. STATEMENT.RETRACTED." },
    },
  },
  ...STATEMENT_SCHEMAS,
  ...ACTOR_SCHEMAS,
} satisfies Record<string, JsonSchema>;

export const SCHEMAS: Record<string, JsonSchema> = schemas;

/** Reusable response headers (`components.headers`). */
export const HEADERS: Record<string, HeaderObject> = {
  Location: { description: 'Where the resource lives.', schema: { type: 'string', format: 'uri-reference' } },
  ETag: {
    description: 'The statement\'s revision as a strong entity tag, e.g. "3": send it back as If-Match.',
    schema: { type: 'string', pattern: '^"[0-9]+"$', example: '"0"' },
  },
  LedgerPosition: {
    description: "The logPosition of the write's last event (on a write that needed no event, that of the latest event of what it names).",
    schema: { type: 'integer', minimum: 1 },
  },
  IdempotentReplayed: {
    description: 'Present (true) when the answer is the stored first answer to this Idempotency-Key; nothing was written.',
    schema: { type: 'string', enum: ['true'] },
  },
  EntityTag: {
    description:
      'An entity tag of this answer: a hash of its body (weak, `W/"…"`). On a GET, send it back as If-None-Match and, while the answer is unchanged, get 304 without a body.',
    schema: { type: 'string', pattern: '^(W/)?"[^"]*"$', example: 'W/"c-F6g7sByJuuOcYYkgTnzj94yg+ZE"' },
  },
  CorrelationId: {
    description:
      "The request's correlation id: the caller's X-Correlation-Id (or X-Request-Id) when it is 1–128 of `A-Za-z0-9._:-`, else a new UUID. It is in the log lines of the request and in the metadata of the events it appended.",
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  WWWAuthenticate: { description: 'The Bearer challenge.', schema: { type: 'string' } },
};

export function headerRef(name: keyof typeof HEADERS): ReferenceObject {
  return { $ref: `#/components/headers/${String(name)}` };
}
