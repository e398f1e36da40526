/** How precisely a calendar value names a time: a whole year, month or UTC day, or an instant. */
export type CalendarPrecision = 'year' | 'month' | 'day' | 'instant';

/** A calendar value as the UTC interval it covers, [fromMs, toMs) in epoch milliseconds. */
export interface CalendarSpan {
  precision: CalendarPrecision;
  fromMs: number;
  toMs: number;
}

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time; "T" and "Z" may be lower-case (RFC 3339 §5.6).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Epoch ms of a UTC calendar time; unlike Date.UTC, years 0–99 stay themselves. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(utc(year, month, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const FORMS: Record<CalendarPrecision, string> = {
  year: 'YYYY',
  month: 'YYYY-MM',
  day: 'YYYY-MM-DD',
  instant: 'an RFC 3339 date-time',
};

/** "expected YYYY-MM-DD or an RFC 3339 date-time", for the forms allowed. */
export function expectedForms(allowed: readonly CalendarPrecision[]): string {
  const names = allowed.map((precision) => FORMS[precision]);
  return `expected ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]}`;
}

/**
 * Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time (those of `allowed`),
 * checking that the date exists (no 2024-02-30) and the time of day too (no 24:00; no
 * leap second :60, which no UTC clock here can represent). Fractions of a second beyond
 * milliseconds are truncated. An instant covers one millisecond: [t, t + 1 ms).
 */
export function parseCalendarTime(text: string, allowed: readonly CalendarPrecision[]): CalendarSpan | { problem: string } {
  const formatProblem = { problem: expectedForms(allowed) };
  const notReal = { problem: 'is not a real calendar date or time' };
  let match: RegExpExecArray | null;
  if (allowed.includes('year') && (match = YEAR.exec(text))) {
    const year = Number(match[1]);
    return { precision: 'year', fromMs: utc(year, 1, 1), toMs: utc(year + 1, 1, 1) };
  }
  if (allowed.includes('month') && (match = MONTH.exec(text))) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12) return notReal;
    return { precision: 'month', fromMs: utc(year, month, 1), toMs: utc(year, month + 1, 1) };
  }
  if (allowed.includes('day') && (match = DAY.exec(text))) {
    const [year, month, day] = match.slice(1, 4).map(Number);
    if (!isCalendarDate(year, month, day)) return notReal;
    const fromMs = utc(year, month, day);
    return { precision: 'day', fromMs, toMs: fromMs + DAY_MS };
  }
  if (allowed.includes('instant') && (match = DATE_TIME.exec(text))) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const [fraction, sign, offsetHours, offsetMinutes] = match.slice(7);
    if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return notReal;
    if (sign !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return notReal;
    const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
    const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * MINUTE_MS;
    const fromMs = utc(year, month, day, hour, minute, second, ms) - offset;
    return { precision: 'instant', fromMs, toMs: fromMs + 1 };
  }
  return formatProblem;
}
