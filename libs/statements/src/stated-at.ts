export type StatedAtPrecision = 'year' | 'month' | 'day' | 'instant';

export interface StatedInterval {
  precision: StatedAtPrecision;
  /** UTC instant (ISO 8601 with ms) where the interval starts, inclusive. */
  statedFrom: string;
  /** UTC instant where it ends, exclusive; an instant covers one millisecond. */
  statedTo: string;
}

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

const EARLIEST = Date.UTC(1900, 0, 1);
const DAY_MS = 86_400_000;

function utc(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(utc(year, month, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A calendar date `YYYY-MM-DD` or an RFC 3339 date-time, as its instant (ms), or null. */
export function parseDateOrDateTime(text: string): { ms: number; precision: 'day' | 'instant' } | null {
  const day = DAY.exec(text);
  if (day) {
    const [year, month, date] = day.slice(1, 4).map(Number);
    return isDate(year, month, date) ? { ms: utc(year, month, date), precision: 'day' } : null;
  }
  const time = DATE_TIME.exec(text);
  if (!time) return null;
  const [year, month, date, hour, minute, second] = time.slice(1, 7).map(Number);
  if (!isDate(year, month, date) || hour > 23 || minute > 59 || second > 59) return null;
  if (time[9] !== undefined && (Number(time[9]) > 23 || Number(time[10]) > 59)) return null;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? null : { ms, precision: 'instant' };
}

/** The UTC interval a `statedAt` covers, or null when it is none of the four forms. */
export function tryStatedInterval(statedAt: string): StatedInterval | null {
  const year = YEAR.exec(statedAt);
  if (year) {
    const y = Number(year[1]);
    return { precision: 'year', statedFrom: iso(utc(y, 1, 1)), statedTo: iso(utc(y + 1, 1, 1)) };
  }
  const month = MONTH.exec(statedAt);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return null;
    return { precision: 'month', statedFrom: iso(utc(y, m, 1)), statedTo: iso(utc(y, m + 1, 1)) };
  }
  const parsed = parseDateOrDateTime(statedAt);
  if (!parsed) return null;
  const length = parsed.precision === 'day' ? DAY_MS : 1;
  return { precision: parsed.precision, statedFrom: iso(parsed.ms), statedTo: iso(parsed.ms + length) };
}

/** As tryStatedInterval, for values already validated (events in the log). */
export function statedInterval(statedAt: string): StatedInterval {
  const interval = tryStatedInterval(statedAt);
  if (!interval) throw new Error(`not a statedAt: ${statedAt}`);
  return interval;
}

/** Why a statedAt is refused at `now`, or null when it is acceptable. */
export function statedAtProblem(statedAt: string, now: Date): string | null {
  const interval = tryStatedInterval(statedAt);
  if (!interval) return 'expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time';
  const from = Date.parse(interval.statedFrom);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const endOfTomorrow = today + 2 * DAY_MS;
  if (from < EARLIEST) return 'must not start before 1900-01-01';
  if (from >= endOfTomorrow) return 'must not start after the end of tomorrow (UTC)';
  return null;
}
