import { MessageRing } from './message-ring.js';

const entry = (position: number, size = 10) => ({ position, text: `${position}`.padEnd(size, '.') + '\n' });

describe('MessageRing', () => {
  test('covers the events after its start; serves the text after any covered cursor', () => {
    const ring = new MessageRing(10, 1_000_000, 4);
    ring.append([entry(5), entry(6), entry(7)], 7);
    expect([ring.start, ring.end]).toEqual([4, 7]);
    expect(ring.covers(3)).toBe(false);
    expect(ring.covers(4)).toBe(true);
    expect(ring.textAfter(5)).toBe(entry(6).text + entry(7).text);
    expect(ring.textAfter(7)).toBe('');
  });

  test('drops the oldest beyond its number of events or bytes, and no longer covers them', () => {
    const ring = new MessageRing(3, 1_000_000, 0);
    ring.append(
      [1, 2, 3, 4, 5].map((p) => entry(p)),
      5,
    );
    expect([ring.start, ring.end]).toEqual([2, 5]);
    expect(ring.textAfter(2)).toBe(entry(3).text + entry(4).text + entry(5).text);
    const small = new MessageRing(100, 25, 0);
    small.append([entry(1), entry(2), entry(3)], 3);
    expect(small.start).toBe(1);
    expect(small.prepend([entry(1)], 0, 1)).toBe(false); // 33 bytes would not fit in 25
  });

  test('a page read just behind it is kept if it is adjacent and fits; otherwise not', () => {
    const ring = new MessageRing(5, 1_000_000, 3);
    ring.append([entry(4)], 4);
    expect(ring.prepend([entry(1), entry(2)], 0, 2)).toBe(false); // a gap: (2, 3] missing
    expect(ring.prepend([entry(2), entry(3)], 1, 3)).toBe(true);
    expect([ring.start, ring.end]).toEqual([1, 4]);
    expect(ring.textAfter(1)).toBe(entry(2).text + entry(3).text + entry(4).text);
    expect(ring.prepend([entry(-1), entry(0), entry(1)], -2, 1)).toBe(false); // 5 events at most
  });

  test('reset forgets everything before the new position', () => {
    const ring = new MessageRing(5, 1_000_000, 0);
    ring.append([entry(1)], 1);
    ring.reset(100);
    expect([ring.start, ring.end, ring.covers(50), ring.textAfter(100)]).toEqual([100, 100, false, '']);
  });
});
