import type { Stance } from '@app/stances';
import { CurrentStancesCache } from './current-stances-cache.js';

/** A stance as the projection serves it (a registered topic's slug, a position of the scale, a UUID). */
const stance = (country: string): Stance => ({
  holder: country,
  holderKind: 'country',
  country,
  topic: 'aukus-pillar-ii',
  target: null,
  position: 'supports',
  score: 2,
  statedAt: '2024-04-08',
  statementId: '5b0f3f8e-2a47-4a8e-9f0e-0c7d2f6a1b3c',
  since: '2024-04-08',
  statementCount: 1,
  attribution: 'on_record',
  modality: 'firm',
});

describe('CurrentStancesCache', () => {
  const cache = () => new CurrentStancesCache();

  it('serves a stored table while the projections stay at the same position', () => {
    const given = cache();
    given.set('k', '42@t', [stance('KOR')]);
    expect(given.get('k', '42@t')?.map((s) => s.country)).toEqual(['KOR']);
  });

  it('never serves a table once the projections have moved on', () => {
    const given = cache();
    given.set('k', '42@t', [stance('KOR')]);
    expect(given.get('k', '43@t')).toBeUndefined();
    // …and the stale entry is gone, not revived should the position be asked for again.
    expect(given.get('k', '42@t')).toBeUndefined();
  });

  it('never serves a table after a rebuild swapped in new tables at the same position (the checkpoint was written again)', () => {
    const given = cache();
    given.set('k', '42@2026-12-03 07:00:00.000001+00', [stance('KOR')]);
    expect(given.get('k', '42@2026-12-03 07:30:00.000002+00')).toBeUndefined();
  });

  it('keeps time-travel queries out of the cache, and tells filters apart', () => {
    expect(CurrentStancesCache.keyOf({ topic: 't', asOf: '2024-01-01' })).toBeNull();
    expect(CurrentStancesCache.keyOf({ topic: 't', knownAt: '2024-01-01T00:00:00Z' })).toBeNull();
    expect(CurrentStancesCache.keyOf({ atLogPosition: 3 })).toBeNull();
    const keys = [
      { topic: 't' },
      { topic: 't', target: null },
      { topic: 't', target: 'JPN' },
      { country: 't' },
      { holder: 't' },
      { topic: 't', attribution: ['on_record'] },
      { topic: 't', attribution: ['on_record', 'reported'] },
    ].map(CurrentStancesCache.keyOf);
    expect(new Set(keys).size).toBe(7);
    // The order of a comma list does not make another answer.
    expect(CurrentStancesCache.keyOf({ attribution: ['reported', 'on_record'] })).toBe(CurrentStancesCache.keyOf({ attribution: ['on_record', 'reported'] }));
  });

  it('forgets the oldest filter beyond 256', () => {
    const given = cache();
    for (let i = 0; i <= 256; i++) given.set(`k${i}`, '1@t', [stance('KOR')]);
    expect(given.get('k0', '1@t')).toBeUndefined();
    expect(given.get('k256', '1@t')).toBeDefined();
  });
});
