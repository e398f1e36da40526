/**
 * What the record and correct forms hold, and how it becomes the API's body: every field as
 * the text typed (a form keeps '' where the API has null), sources as rows. Field names are
 * the body's JSON Pointers without the leading slash (`actor/person`, `sources/1/url`), so a
 * problem's pointer finds its field (problem.ts).
 */
export interface SourceValues {
  url: string;
  publisher: string;
  title: string;
  publishedAt: string;
}

export interface StatementValues {
  holder: string;
  actor: { country: string; body: string; person: string; role: string };
  topic: string;
  target: string;
  position: string;
  statedAt: string;
  attribution: string;
  modality: string;
  summary: string;
  quote: string;
  quoteLanguage: string;
  cameoCode: string;
  sources: SourceValues[];
}

/** A Statement as GET /v1/statements/{id} answers it (docs/api.md, "Statement"): the fields the forms read. */
export interface RecordedStatement {
  statementId: string;
  revision: number;
  status: 'active' | 'retracted';
  holder: string;
  actor: { country: string | null; body: string | null; person: string | null; role: string | null };
  topic: string;
  target: string | null;
  position: string;
  statedAt: string;
  attribution: string;
  modality: string;
  summary: string | null;
  quote: string | null;
  quoteLanguage: string | null;
  cameoCode: string | null;
  sources: { url: string | null; publisher: string | null; title: string | null; publishedAt: string | null }[];
}

/** The API's enumerations (docs/api.md, "Statement"), in the order a form offers them. */
export const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'];
export const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'];
export const MODALITIES = ['firm', 'hedged', 'conditional'];

export const emptySource = (): SourceValues => ({ url: '', publisher: '', title: '', publishedAt: '' });

export function emptyStatement(): StatementValues {
  return {
    holder: '',
    actor: { country: '', body: '', person: '', role: '' },
    topic: '',
    target: '',
    position: '',
    statedAt: '',
    attribution: 'on_record',
    modality: 'firm',
    summary: '',
    quote: '',
    quoteLanguage: '',
    cameoCode: '',
    sources: [emptySource()],
  };
}

const text = (value: string | null) => value ?? '';

export function valuesOf(statement: RecordedStatement): StatementValues {
  return {
    holder: statement.holder,
    actor: { country: text(statement.actor.country), body: text(statement.actor.body), person: text(statement.actor.person), role: text(statement.actor.role) },
    topic: statement.topic,
    target: text(statement.target),
    position: statement.position,
    statedAt: statement.statedAt,
    attribution: statement.attribution,
    modality: statement.modality,
    summary: text(statement.summary),
    quote: text(statement.quote),
    quoteLanguage: text(statement.quoteLanguage),
    cameoCode: text(statement.cameoCode),
    sources: statement.sources.map((source) => ({
      url: text(source.url),
      publisher: text(source.publisher),
      title: text(source.title),
      publishedAt: text(source.publishedAt),
    })),
  };
}

/** An empty box is the API's null ("leaving an optional field out is the same as sending null"). */
const orNull = (value: string) => (value === '' ? null : value);

/** The statement's client fields as the API takes them; the text exactly as typed. */
export function bodyOf(values: StatementValues): Record<string, unknown> {
  return {
    holder: orNull(values.holder),
    actor: { country: orNull(values.actor.country), body: orNull(values.actor.body), person: orNull(values.actor.person), role: orNull(values.actor.role) },
    topic: orNull(values.topic),
    target: orNull(values.target),
    position: orNull(values.position),
    statedAt: orNull(values.statedAt),
    attribution: values.attribution,
    modality: values.modality,
    summary: orNull(values.summary),
    quote: orNull(values.quote),
    quoteLanguage: orNull(values.quoteLanguage),
    cameoCode: orNull(values.cameoCode),
    sources: values.sources.map((source) => ({
      url: orNull(source.url),
      publisher: orNull(source.publisher),
      title: orNull(source.title),
      publishedAt: orNull(source.publishedAt),
    })),
  };
}

/**
 * The JSON merge patch (RFC 7396) from `before` to `after`: only the fields the form changed,
 * a cleared one as null; `actor` as a patch of its own fields, `sources` whole (an array is
 * replaced whole).
 */
export function mergePatch(before: StatementValues, after: StatementValues): Record<string, unknown> {
  const from = bodyOf(before);
  const to = bodyOf(after);
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(to)) {
    if (name === 'actor') {
      const was = from.actor as Record<string, unknown>;
      const changed = Object.entries(value as Record<string, unknown>).filter(([field, now]) => now !== was[field]);
      if (changed.length > 0) patch.actor = Object.fromEntries(changed);
    } else if (JSON.stringify(value) !== JSON.stringify(from[name])) {
      patch[name] = value;
    }
  }
  return patch;
}

/** Every field name a form of `values` shows, in its order on the page (for problem.ts and the summary's order). */
export function fieldNames(values: StatementValues): string[] {
  return [
    'holder',
    'target',
    'topic',
    'position',
    'actor/country',
    'actor/body',
    'actor/person',
    'actor/role',
    'statedAt',
    'attribution',
    'modality',
    'summary',
    'quote',
    'quoteLanguage',
    'cameoCode',
    ...values.sources.flatMap((_, i) => ['url', 'publisher', 'title', 'publishedAt'].map((field) => `sources/${i}/${field}`)),
  ];
}

/** A form's edits carried over a reload: re-applied to the version read again (`rebaseEdits`). */
export interface Rebased {
  values: StatementValues;
  /** The fields the user changed that were re-applied (names as `fieldNames` gives them, `sources` whole). */
  kept: string[];
  /** Of those, the ones the other change had also changed, to another value: the user's is kept, the user should look. */
  conflicts: string[];
}

/**
 * After a 412 the user's edits are re-applied to the current version rather than thrown
 * away: each field the user changed from what the form was opened on (`before`) takes the
 * user's value; every other field takes the current version's. Three-way, field by field:
 * `actor` by its own fields, `sources` whole (the API replaces the array whole, too).
 */
export function rebaseEdits(before: StatementValues, edited: StatementValues, current: StatementValues): Rebased {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const kept: string[] = [];
  const conflicts: string[] = [];
  const pick = <T>(name: string, was: T, mine: T, theirs: T): T => {
    if (same(was, mine)) return theirs;
    kept.push(name);
    if (!same(was, theirs) && !same(mine, theirs)) conflicts.push(name);
    return mine;
  };
  const actor = { ...current.actor };
  for (const field of Object.keys(actor) as (keyof StatementValues['actor'])[]) {
    actor[field] = pick(`actor/${field}`, before.actor[field], edited.actor[field], current.actor[field]);
  }
  const values = { ...current, actor };
  for (const field of Object.keys(current) as (keyof StatementValues)[]) {
    if (field === 'actor') continue;
    (values as Record<string, unknown>)[field] = pick(field, before[field], edited[field], current[field]);
  }
  return { values, kept, conflicts };
}
