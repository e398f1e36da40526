// The interval a statedAt covers, apart from its field rule and schema (stated-at.value.ts):
// plain functions with no validation library, so the browser view (apps/web) bundles them too.
import { accept, refuse, type Checked } from '../validation/value-rule.js';
import { parseCalendarTime, type CalendarPrecision } from './calendar-time.value.js';

/** A calendar precision, or `interval` (v2: `<start>/<end>`). */
export type StatedAtPrecision = CalendarPrecision | 'interval';

/**
 * The UTC interval a `statedAt` covers: [statedFrom, statedTo), as ISO instants with
 * milliseconds. A year, a month or a day covers all of it; a date-time is an instant and
 * covers one millisecond (statedTo = statedFrom + 1 ms), so every interval is non-empty.
 */
export interface StatedInterval {
  precision: StatedAtPrecision;
  statedFrom: string;
  statedTo: string;
}

/** The precisions a statedAt (each end of an interval) and a source's publishedAt are given at. */
export const STATED_AT_FORMS: readonly CalendarPrecision[] = ['year', 'month', 'day', 'instant'];

/** statedFrom may not lie before this instant. */
export const EARLIEST_STATED_FROM = '1900-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_STATED_FROM);
const DAY_MS = 86_400_000;

/** The end of the UTC day after `now`'s: statedFrom must lie before it. */
export function endOfTomorrow(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 2 * DAY_MS);
}

/**
 * Reads a statedAt as sent. With `now`, statedFrom must lie in [1900-01-01, end of
 * tomorrow UTC); with `now` null only the fixed lower bound is checked (for content
 * re-validated later, whose statedAt passed the upper bound when it was sent).
 */
export function parseStatedAt(statedAt: string, now: Date | null): Checked<StatedInterval> {
  const slash = statedAt.indexOf('/');
  if (slash < 0 || statedAt.includes('/', slash + 1)) return parseOne(statedAt, now);
  // v2: an interval `<start>/<end>`, "at some time within": from the start's beginning to the end's end.
  const start = parseOne(statedAt.slice(0, slash), now);
  if (!start.ok) return refuse(`the interval's start: ${start.detail}`);
  const end = parseOne(statedAt.slice(slash + 1), now);
  if (!end.ok) return refuse(`the interval's end: ${end.detail}`);
  if (Date.parse(start.value.statedFrom) >= Date.parse(end.value.statedFrom)) return refuse("an interval's start must lie before its end");
  return accept({ precision: 'interval', statedFrom: start.value.statedFrom, statedTo: end.value.statedTo });
}

function parseOne(statedAt: string, now: Date | null): Checked<StatedInterval> {
  const span = parseCalendarTime(statedAt, STATED_AT_FORMS);
  if ('problem' in span) return refuse(span.problem);
  if (span.fromMs < EARLIEST_MS) return refuse('must not start before 1900-01-01');
  if (now && span.fromMs >= endOfTomorrow(now).getTime()) return refuse('must not start after the end of tomorrow (UTC)');
  return accept({ precision: span.precision, statedFrom: new Date(span.fromMs).toISOString(), statedTo: new Date(span.toMs).toISOString() });
}

/** The interval of a statedAt already accepted (e.g. read from the log); throws on anything else. */
export function statedInterval(statedAt: string): StatedInterval {
  const parsed = parseStatedAt(statedAt, null);
  if (!parsed.ok) throw new RangeError(`not a valid statedAt: ${JSON.stringify(statedAt)} (${parsed.detail})`);
  return parsed.value;
}
