import { endOfTomorrow, parseStatedAt, statedAtRule, statedInterval } from './stated-at.value.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');

describe('statedAt', () => {
  it.each([
    ['2024', 'year', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-11', 'month', '2024-11-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z'],
    ['2024-12', 'month', '2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02', 'month', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-04-08', 'day', '2024-04-08T00:00:00.000Z', '2024-04-09T00:00:00.000Z'],
    ['2024-02-29', 'day', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-04-08T09:30:00Z', 'instant', '2024-04-08T09:30:00.000Z', '2024-04-08T09:30:00.001Z'],
    ['2024-04-08T18:30:00+09:00', 'instant', '2024-04-08T09:30:00.000Z', '2024-04-08T09:30:00.001Z'],
    ['2024-04-08T00:30:00-05:30', 'instant', '2024-04-08T06:00:00.000Z', '2024-04-08T06:00:00.001Z'],
    ['2024-04-08t09:30:00.123456z', 'instant', '2024-04-08T09:30:00.123Z', '2024-04-08T09:30:00.124Z'],
  ])('%s is a %s covering [%s, %s)', (statedAt, precision, statedFrom, statedTo) => {
    expect(parseStatedAt(statedAt, NOW)).toEqual({ ok: true, value: { precision, statedFrom, statedTo } });
  });

  it.each([
    ['2024-11/2024-12', '2024-11-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-11-05/2024-11-20T12:00:00Z', '2024-11-05T00:00:00.000Z', '2024-11-20T12:00:00.001Z'],
    ['2023/2024-03', '2023-01-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z'],
  ])('v2: the interval %s runs from its start to the end of its end: [%s, %s)', (statedAt, statedFrom, statedTo) => {
    expect(parseStatedAt(statedAt, NOW)).toEqual({ ok: true, value: { precision: 'interval', statedFrom, statedTo } });
  });

  it.each([
    ['2024-12/2024-11', "an interval's start must lie before its end"],
    ['2024/2024', "an interval's start must lie before its end"],
    ['2024-11/', "the interval's end"],
    ['2024-13/2025', "the interval's start"],
    ['2024/2025/2026', 'expected YYYY'],
  ])('v2: the interval %s is refused (%s)', (statedAt, words) => {
    const parsed = parseStatedAt(statedAt, NOW);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.detail).toContain(words);
  });

  it('is kept exactly as sent', () => {
    expect(statedAtRule(NOW)('2024-04-08T18:30:00.5+09:00')).toEqual({ ok: true, value: '2024-04-08T18:30:00.5+09:00' });
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-04-31',
    '2024-13',
    '2024-00',
    '2024-01-00',
    '2024-04-08T24:00:00Z',
    '2024-04-08T12:60:00Z',
    '2016-12-31T23:59:60Z',
    '2024-04-08T12:00:00+24:00',
  ])('refuses %s, which is not on the calendar', (statedAt) => {
    expect(parseStatedAt(statedAt, NOW)).toEqual({ ok: false, detail: 'is not a real calendar date or time' });
  });

  it.each(['24', '2024-4', '2024-04-8', '2024/04/08', '2024-04-08T09:30Z', '2024-04-08T09:30:00', '2024-04-08 09:30:00Z', 'April 2024', ' 2024', '+002024'])(
    'refuses %j, which is none of the four forms',
    (statedAt) => {
      expect(parseStatedAt(statedAt, NOW)).toEqual({ ok: false, detail: 'expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time' });
    },
  );

  it('starts no earlier than 1900-01-01', () => {
    expect(parseStatedAt('1900', NOW).ok).toBe(true);
    expect(parseStatedAt('1900-01-01T00:00:00Z', NOW).ok).toBe(true);
    expect(parseStatedAt('1899', NOW)).toEqual({ ok: false, detail: 'must not start before 1900-01-01' });
    expect(parseStatedAt('1899-12-31', NOW).ok).toBe(false);
    // 00:30 in UTC+01:00 is still 1899 in UTC.
    expect(parseStatedAt('1900-01-01T00:30:00+01:00', NOW).ok).toBe(false);
  });

  it('starts no later than the end of tomorrow (UTC)', () => {
    expect(endOfTomorrow(NOW).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseStatedAt('2026-11-24', NOW).ok).toBe(true);
    expect(parseStatedAt('2026-11-24T23:59:59.999Z', NOW).ok).toBe(true);
    expect(parseStatedAt('2026-11-25', NOW)).toEqual({ ok: false, detail: 'must not start after the end of tomorrow (UTC)' });
    expect(parseStatedAt('2026-11-25T00:00:00Z', NOW).ok).toBe(false);
    // Still the 24th in UTC: accepted.
    expect(parseStatedAt('2026-11-25T08:00:00+09:00', NOW).ok).toBe(true);
    expect(parseStatedAt('2026-12', NOW).ok).toBe(false);
    expect(parseStatedAt('2027', NOW).ok).toBe(false);
    expect(parseStatedAt('2026', NOW).ok).toBe(true);
  });

  it('takes "now" as a parameter: the same value passes on New Year\'s Eve', () => {
    expect(parseStatedAt('2027', new Date('2026-12-31T23:00:00Z')).ok).toBe(true);
  });

  it('gives the interval of a stored value, and refuses what was never valid', () => {
    expect(statedInterval('2024-11').statedFrom).toBe('2024-11-01T00:00:00.000Z');
    expect(() => statedInterval('2024-02-30')).toThrow(RangeError);
  });
});
