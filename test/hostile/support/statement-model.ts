import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An independent model of what CONTRACT.md accepts in a statement, written from the
 * contract rather than from the server's validators, so that a 2xx can be checked against
 * it: generators of valid statements (leaning on the boundaries: exact maximum lengths in
 * code points, astral characters, 1900 and tomorrow) and of one definite defect each, with
 * the JSON Pointer the error must name.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

/** Characters a free-text field must keep: astral, combining, BOM, separators, controls other than U+0000. */
export const TEXT_PALETTE = [
  'a',
  'Z',
  '0',
  ' ',
  'é',
  'ß',
  '한',
  '中',
  '😀',
  '𝄞',
  '\u0301',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\u0001',
  '\u001f',
  '\u007f',
  '\uffff',
  '\u{10ffff}',
  '"',
  '\\',
  '/',
  '<',
  '~',
  '%',
];
const paletteChar = fc.constantFrom(...TEXT_PALETTE);

export const COUNTRIES = ['KOR', 'CHN', 'JPN', 'USA', 'AUS', 'GBR', 'PRK', 'RUS', 'SUN', 'YUG', 'CSK', 'DDR', 'XKX'];
export const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'];
export const LANGUAGE_TAGS = ['ko', 'en', 'EN-gb', 'zh-Hant-TW', 'de-CH-1996', 'sr-Latn', 'und'];
export const CAMEO_CODES = readFileSync(join(process.cwd(), 'data', 'cameo-event-codes.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t')[0])
  .filter((code) => /^\d+$/.test(code));

/** Free-text fields and their maxima in code points (min 0). */
export const FREE_TEXT: [string[], number][] = [
  [['actor', 'body'], 200],
  [['actor', 'person'], 200],
  [['actor', 'role'], 200],
  [['summary'], 2000],
  [['quote'], 5000],
  [['source', 'publisher'], 200],
];
// v2: `source.url` may be null (an offline citation, with a publisher), so it is no longer required.
export const REQUIRED_PATHS: string[][] = [['actor'], ['actor', 'country'], ['topic'], ['position'], ['statedAt'], ['source']];
const OPTIONAL_STRING_PATHS: string[][] = [
  ['actor', 'body'],
  ['actor', 'person'],
  ['actor', 'role'],
  ['target'],
  ['summary'],
  ['quote'],
  ['quoteLanguage'],
  ['source', 'publisher'],
  ['source', 'publishedAt'],
  ['cameoCode'],
  ['utteranceId'],
];
export const STRING_PATHS: string[][] = [['actor', 'country'], ['topic'], ['position'], ['statedAt'], ['source', 'url'], ...OPTIONAL_STRING_PATHS];
export const OBJECT_PATHS: string[][] = [['actor'], ['source']];

/** Exactly `n` code points from the palette (one repeated, or a mix). */
export function textOfLength(n: number): fc.Arbitrary<string> {
  return fc.oneof(
    paletteChar.map((char) => char.repeat(n)),
    fc.array(paletteChar, { minLength: n, maxLength: n }).map((chars) => chars.join('')),
  );
}

/** Free text of 0…max code points, often exactly max. */
export function freeText(max: number): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ unit: paletteChar, maxLength: 12 }), textOfLength(max), fc.constant(''));
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
function dateOf(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** The first instant a statedAt may not reach: the end of tomorrow (UTC), as of `now`. */
export function endOfTomorrow(now = Date.now()): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return today + 2 * DAY_MS;
}

/** Valid statedAt values: 1900 through tomorrow, at every precision, with offsets. */
export function validStatedAt(now = Date.now()): fc.Arbitrary<string> {
  const earliest = Date.UTC(1900, 0, 1);
  const tomorrow = endOfTomorrow(now) - DAY_MS;
  const thisYear = new Date(now).getUTCFullYear();
  return fc.oneof(
    fc.constantFrom('1900', '1900-01', '1900-01-01', '1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000+00:00', dateOf(now), dateOf(tomorrow)),
    fc.integer({ min: 1900, max: thisYear }).map(String),
    fc.integer({ min: earliest + DAY_MS, max: now - 2 * DAY_MS }).chain((ms) =>
      fc.oneof(
        fc.constant(dateOf(ms)),
        fc.constant(dateOf(ms).slice(0, 7)),
        fc.constant(iso(ms)),
        fc.integer({ min: -12 * 60, max: 12 * 60 }).map((offset) => withOffset(ms, offset)),
      ),
    ),
  );
}

/** The same instant `ms` written with a UTC offset of `minutes`. */
function withOffset(ms: number, minutes: number): string {
  const local = iso(ms + minutes * 60_000).slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Well-formed statedAt values that lie after the end of tomorrow. */
export function futureStatedAt(now = Date.now()): string[] {
  return [dateOf(endOfTomorrow(now)), String(new Date(now).getUTCFullYear() + 2)];
}

/** statedAt values that must be refused (now: the time of the request). */
export function invalidStatedAt(now = Date.now()): string[] {
  return [
    ...futureStatedAt(now),
    '1899',
    '1899-12',
    '1899-12-31',
    '1899-12-31T23:59:59.999Z',
    '1900-01-01T00:00:00+00:01',
    '2024-02-30',
    '2023-02-29',
    '2024-13',
    '2024-00',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T10:00:00',
    '2024-01-01T10:00:00+24:00',
    '24',
    '20240101',
    '2024-1-1',
    ' 2024',
    '2024 ',
    'yesterday',
    '',
    '0000',
    '+002024',
    '2024-W01',
    '2024-001',
  ];
}

export const INVALID_VALUES: Record<string, Json[]> = {
  'actor/country': ['kor', 'Kor', 'ZZZ', 'KR', 'KORR', '', 'KOR ', 'EU'],
  // v2: a target may be a registered actor's slug; a slug-shaped unknown one ('null') is 422, not a malformed value.
  target: ['kor', 'ZZZ', 'none', 'NONE', '', 'Null'],
  topic: ['Aukus', 'aukus_pillar', '-aukus', 'aukus-', 'aukus--ii', '', ' aukus', 'a'.repeat(65), 'ａｕｋｕｓ'],
  position: ['Supports', 'support', 'SUPPORTS', '', 'supports ', 'positive', '2'],
  'source/url': [
    'ftp://example.org/',
    'https://',
    'http:/example.org',
    '//example.org/x',
    '/relative',
    'example.org',
    'javascript:alert(1)',
    'https://exa mple.org/',
    'https://example.org/\t',
    'mailto:a@b.c',
    '',
    `https://example.org/${'a'.repeat(2029)}`,
  ],
  // v2 takes every statedAt precision ('2024', '2024-01') for a publication date.
  'source/publishedAt': ['2024-02-30', '2024-13', 'yesterday', '', '2024-01-01T10:00:00', '2024/2025'],
  cameoCode: [312, 32, '9999', '0312 ', '', 'abc', '3120'],
  quoteLanguage: ['', 'en_GB', '123', 'x', '-en', 'toolongsubtagxx', 'en-', 'i-klingon'],
  utteranceId: ['not-a-uuid', '', '00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-0000000000000', '{00000000-0000-0000-0000-000000000000}'],
  statementId: ['not-a-uuid', '', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '00000000000000000000000000000000'],
};

export interface StatementContext {
  /** Registered topic slugs. */
  topics: string[];
}

/** A valid statement body; optional fields omitted, null or set, often at their maximum length. */
export function validStatement(context: StatementContext, options: { statementId?: 'never' | 'maybe' } = {}): fc.Arbitrary<Body> {
  const optionalField = <T extends Json>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), fc.constant(null), arb, arb);
  return fc
    .record({
      statementId:
        options.statementId === 'never'
          ? fc.constant(undefined)
          : fc.oneof(
              fc.constant(undefined),
              fc.uuid(),
              fc.uuid().map((id) => id.toUpperCase()),
            ),
      actor: fc.record({
        country: fc.constantFrom(...COUNTRIES),
        body: optionalField(freeText(200)),
        person: optionalField(freeText(200)),
        role: optionalField(freeText(200)),
      }),
      topic: fc.constantFrom(...context.topics),
      target: optionalField(fc.constantFrom(...COUNTRIES)),
      position: fc.constantFrom(...POSITIONS),
      statedAt: validStatedAt(),
      summary: optionalField(freeText(2000)),
      quote: optionalField(freeText(5000)),
      quoteLanguage: optionalField(fc.constantFrom(...LANGUAGE_TAGS)),
      source: fc.record({
        url: fc.oneof(
          fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
          fc.constant(`https://example.org/${'a'.repeat(2048 - 20)}`),
          fc.constant('HTTPS://EXAMPLE.ORG/Ünïcödé/😀?q=한'),
        ),
        publisher: optionalField(freeText(200)),
        publishedAt: optionalField(fc.constantFrom('2024-04-10', '2024-04-10T08:00:00+09:00', '1850-01-01', '2030-01-01T00:00:00Z')),
      }),
      cameoCode: optionalField(fc.constantFrom(...CAMEO_CODES)),
      utteranceId: optionalField(fc.uuid()),
    })
    .map((record) => prune(record) as Body);
}

/** Drops undefined members (an omitted field), keeping nulls. */
function prune(value: unknown): Json {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Body = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = prune(member);
    return out;
  }
  return value as Json;
}

/** RFC 6901 pointer of a path. */
export function pointerOf(path: (string | number)[]): string {
  return path.map((key) => '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A JSON text in which some values are raw text JSON.stringify cannot produce (1e400, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Serialises like JSON.stringify (lone surrogates and U+0000 come out as \ud800, \u0000), with RawJson spliced in. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, member) => {
    if (member instanceof RawJson) {
      raws.push(member.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return member;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_match, index) => raws[Number(index)]);
}

/** An object whose own keys may be __proto__ and friends (a literal would set the prototype instead). */
export function withKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function getAt(body: unknown, path: string[]): any {
  return path.reduce<any>((node, key) => (node && typeof node === 'object' ? node[key] : undefined), body);
}

/** The object at `path`, made one if it is missing or not an object. */
function objectAt(body: Body, path: string[]): Record<string, unknown> {
  let node: any = body;
  for (const key of path) {
    if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  return node;
}

/** Sets (or, with `remove`, deletes) the value at `path`, creating parent objects as needed. */
export function setAt(body: Body, path: string[], value: unknown, remove = false): void {
  const node = objectAt(body, path.slice(0, -1));
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else withKey(node, last, value);
}

export interface Defect {
  kind: string;
  /** Pointer the 400 must name (relative to the statement), or null when any pointer will do. */
  pointer: string | null;
  apply(body: Body): void;
}

export const FIELD_NAMES = new Set([
  'statementId',
  'actor',
  'country',
  'body',
  'person',
  'role',
  'topic',
  'target',
  'position',
  'statedAt',
  'summary',
  'quote',
  'quoteLanguage',
  'source',
  'url',
  'publisher',
  'publishedAt',
  'cameoCode',
  'utteranceId',
  'changes',
  'reason',
  'slug',
  'title',
  'description',
  'statements',
]);
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
export const unknownKey = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS, 'revision', 'status', 'recordedAt', 'recordedBy', 'score', '', 'a/b', 'm~n', '😀', 'x\u0000y', 'Position', 'topic '),
  fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !FIELD_NAMES.has(key)),
);
/** What a polluting payload would set on Object.prototype if any code merged it naively. */
export const POLLUTION_PROBE = 'hostileFuzzPolluted';
export const pollutingValue = fc.constantFrom<Json>({ [POLLUTION_PROBE]: 'yes' }, 'yes', { prototype: { [POLLUTION_PROBE]: 'yes' } });

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-0',
  '1.7976931348623157e309',
  '0.0000000000000000000000000000001',
  '9007199254740993',
  '1E+999999999',
];
export const wrongTypeForString = fc.oneof(
  fc.integer().map((n) => n as Json),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n as Json),
  fc.boolean().map((b) => b as Json),
  fc.constant<Json>([]),
  fc.constant<Json>(['KOR']),
  fc.constant<Json>({}),
  fc.constant<Json>({ value: 'x' }),
  fc.constantFrom(...HUGE_NUMBERS).map((text) => new RawJson(text) as unknown as Json),
);
const wrongTypeForObject = fc.oneof(
  fc.constant<Json>('KOR'),
  fc.constant<Json>([]),
  fc.constant<Json>([{ country: 'KOR' }]),
  fc.integer().map((n) => n as Json),
  fc.constant<Json>(true),
);
export const deepNesting = fc
  .tuple(fc.constantFrom(64, 1000, 20_000, 150_000), fc.boolean())
  .map(([depth, arrays]) => new RawJson(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown as Json);
export const badCharacter = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800');

/** One definite defect of a statement body, and where the error must point. */
export function statementDefect(now = Date.now()): fc.Arbitrary<Defect> {
  const stringPath = fc.constantFrom(...STRING_PATHS);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_PATHS), wrongTypeForString).map(([path, value]): Defect => ({
      kind: 'wrong type',
      pointer: pointerOf(path),
      apply: (body) => setAt(body, path, value),
    })),
    fc.tuple(fc.constantFrom(...OBJECT_PATHS), wrongTypeForObject).map(([path, value]): Defect => ({
      kind: 'wrong type (object)',
      pointer: pointerOf(path),
      apply: (body) => setAt(body, path, value),
    })),
    fc.tuple(fc.constantFrom(...FREE_TEXT), fc.integer({ min: 1, max: 3 })).chain(([[path, max], extra]) =>
      textOfLength(max + extra).map((text): Defect => ({
        kind: `over ${max} code points`,
        pointer: pointerOf(path),
        apply: (body) => setAt(body, path, text),
      })),
    ),
    fc.tuple(stringPath, badCharacter, fc.nat(), fc.constantFrom(...TEXT_PALETTE)).map(([path, bad, at, filler]): Defect => ({
      kind: bad === '\u0000' ? 'U+0000' : 'lone surrogate',
      pointer: pointerOf(path),
      apply: (body) => {
        const current = getAt(body, path);
        // Inserted between code points, never inside a pair (which could complete it).
        const points = Array.from(typeof current === 'string' && current.length > 0 ? current : filler);
        points.splice(at % (points.length + 1), 0, bad);
        setAt(body, path, points.join(''));
      },
    })),
    fc.constantFrom<string[]>([], ['actor'], ['source']).chain(unknownFieldDefect),
    fc.tuple(fc.constantFrom(...REQUIRED_PATHS), fc.boolean()).map(([path, remove]): Defect => ({
      kind: remove ? 'required field missing' : 'required field null',
      // v2: with neither `source` nor `sources`, the list is what is missing.
      pointer: remove && path.length === 1 && path[0] === 'source' ? '/sources' : pointerOf(path),
      apply: (body) => setAt(body, path, null, remove),
    })),
    fc.constantFrom(...Object.keys(INVALID_VALUES)).chain((field) =>
      fc.constantFrom(...INVALID_VALUES[field]).map((value): Defect => ({
        kind: `invalid ${field}`,
        pointer: '/' + field,
        apply: (body) => setAt(body, field.split('/'), value),
      })),
    ),
    fc.constantFrom(...invalidStatedAt(now)).map((value): Defect => ({
      kind: 'invalid statedAt',
      pointer: '/statedAt',
      apply: (body) => setAt(body, ['statedAt'], value),
    })),
    fc.tuple(fc.constantFrom(...STRING_PATHS, ...OBJECT_PATHS), deepNesting).map(([path, value]): Defect => ({
      kind: 'deep nesting',
      pointer: null,
      apply: (body) => setAt(body, path, value),
    })),
  );
}

/** The Statement the server must answer for a valid body (the fields it sets are checked apart). */
export function expectedView(body: Body): Record<string, unknown> {
  const actor = body.actor as Body;
  const source = body.source as Body;
  const or = (value: Json | undefined) => (value === undefined ? null : value);
  return {
    ...(typeof body.statementId === 'string' ? { statementId: body.statementId.toLowerCase() } : {}),
    actor: { country: actor.country, body: or(actor.body), person: or(actor.person), role: or(actor.role) },
    topic: body.topic,
    target: or(body.target),
    position: body.position,
    statedAt: body.statedAt,
    summary: or(body.summary),
    quote: or(body.quote),
    quoteLanguage: or(body.quoteLanguage),
    source: { url: or(source.url), publisher: or(source.publisher), title: or(source.title), publishedAt: or(source.publishedAt) },
    cameoCode: or(body.cameoCode),
    utteranceId: or(body.utteranceId),
  };
}

/** A defect of one text field of `min`–`max` code points (topic titles, reasons, …). */
export function textFieldDefect(path: string[], limits: { min: number; max: number; required: boolean }): fc.Arbitrary<Defect> {
  const pointer = pointerOf(path);
  const defects: fc.Arbitrary<Defect>[] = [
    wrongTypeForString.map((value) => ({ kind: 'wrong type', pointer, apply: (body: Body) => setAt(body, path, value) })),
    fc
      .integer({ min: 1, max: 3 })
      .chain((extra) =>
        textOfLength(limits.max + extra).map((text) => ({ kind: `over ${limits.max} code points`, pointer, apply: (body: Body) => setAt(body, path, text) })),
      ),
    fc.tuple(badCharacter, fc.string({ unit: fc.constantFrom(...TEXT_PALETTE), minLength: 1, maxLength: 6 }), fc.nat()).map(([bad, text, at]) => ({
      kind: bad === '\u0000' ? 'U+0000' : 'lone surrogate',
      pointer,
      apply: (body: Body) => {
        const points = Array.from(text);
        points.splice(at % (points.length + 1), 0, bad);
        setAt(body, path, points.join(''));
      },
    })),
  ];
  if (limits.min > 0) defects.push(fc.constant({ kind: 'empty', pointer, apply: (body: Body) => setAt(body, path, '') }));
  if (limits.required) {
    defects.push(
      fc.boolean().map((remove) => ({
        kind: remove ? 'required field missing' : 'required field null',
        pointer,
        apply: (body: Body) => setAt(body, path, null, remove),
      })),
    );
  }
  return fc.oneof(...defects);
}

/** An unknown member of the object at `parent` (prototype keys included, with polluting values). */
export function unknownFieldDefect(parent: string[]): fc.Arbitrary<Defect> {
  return fc.tuple(unknownKey, pollutingValue).map(([key, value]) => ({
    kind: PROTOTYPE_KEYS.includes(key) ? `prototype key ${key}` : 'unknown field',
    pointer: pointerOf([...parent, key]),
    apply: (body: Body) => withKey(objectAt(body, parent), key, value),
  }));
}
