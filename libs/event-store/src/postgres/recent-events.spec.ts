import type { RecordedEvent } from '../event-store.port.js';
import { RecentEvents } from './recent-events.js';

const at = (...positions: number[]): RecordedEvent[] => positions.map((logPosition) => ({ logPosition, streamId: `s-${logPosition}` }) as RecordedEvent);
const positions = (events: RecordedEvent[] | null) => events?.map((event) => event.logPosition) ?? null;

describe('RecentEvents', () => {
  it('given nothing committed here, answers nothing (the subscription reads PostgreSQL)', () => {
    expect(new RecentEvents().after(0, 10)).toBeNull();
  });

  it('given contiguous commits, serves a page from any held position, at most limit long', () => {
    const recent = new RecentEvents();
    recent.add(at(5, 6, 7));
    recent.add(at(8, 9));
    expect(positions(recent.after(4, 10))).toEqual([5, 6, 7, 8, 9]);
    expect(positions(recent.after(6, 2))).toEqual([7, 8]);
  });

  it('never answers for positions it does not hold: before its first, or at the head', () => {
    const recent = new RecentEvents();
    recent.add(at(5, 6));
    expect(recent.after(3, 10)).toBeNull(); // 4 is not held: it must come from PostgreSQL
    expect(recent.after(6, 10)).toBeNull(); // nothing after 6 is known here
  });

  it('when another process wrote in between, starts again rather than leave a gap', () => {
    const recent = new RecentEvents();
    recent.add(at(5, 6));
    recent.add(at(9, 10)); // 7 and 8 were written elsewhere
    expect(recent.after(6, 10)).toBeNull();
    expect(positions(recent.after(8, 10))).toEqual([9, 10]);
  });

  it('keeps only the newest events beyond its capacity', () => {
    const recent = new RecentEvents(3);
    recent.add(at(1, 2, 3));
    recent.add(at(4, 5));
    expect(recent.after(1, 10)).toBeNull();
    expect(positions(recent.after(2, 10))).toEqual([3, 4, 5]);
  });
});
