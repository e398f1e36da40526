import { readCheckpointVersion, type Stance, type StanceFilter } from '@app/stances';
import type pg from 'pg';

/** Distinct filters remembered; the front pages (one per topic) are what repeats. */
const MAX_ENTRIES = 256;

interface Entry<T> {
  version: string;
  stances: T;
}

/**
 * The current stance table of a filter, reused while the read models stand still.
 * An entry is stored under the checkpoint's version (`readCheckpointVersion`: its position
 * and when it was written) read *before* its query ran, and is served only while that is
 * still the version: never older than what a reader could otherwise see. The moment the
 * projector applies anything, or a rebuild anywhere swaps in its tables, every entry is
 * stale. (It used to expire after a second as well, for the rebuild's sake; the version
 * covers that, and the browser's stance map of every stance — 11 MB at 1M events — is then
 * answered from memory until the ledger moves.)
 *
 * The same holds for a key's history (`T` = its items), which is as fixed as the tables are.
 */
export class CurrentStancesCache<T = Stance[]> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /**
   * Only the present tense is cached; time-travel answers go to the database every time. An
   * attribution filter's answer, computed from the statements, is as fixed as the tables are.
   */
  static keyOf(filter: StanceFilter): string | null {
    if (filter.asOf !== undefined || filter.knownAt !== undefined || filter.atLogPosition !== undefined) return null;
    const attribution = filter.attribution === undefined ? '*' : [...filter.attribution].sort();
    return JSON.stringify([
      filter.topic ?? null,
      filter.holder ?? null,
      filter.holders ?? null,
      filter.country ?? null,
      filter.target === undefined ? '*' : filter.target,
      attribution,
    ]);
  }

  /**
   * The answer to `filter` now: from memory while the checkpoint's version is the one it was
   * stored under, else from `query` (and remembered). Time travel always runs `query`.
   */
  async answer(pool: pg.Pool, filter: StanceFilter, query: () => Promise<T>): Promise<T> {
    const key = CurrentStancesCache.keyOf(filter);
    if (key === null) return query();
    // The stored checkpoint, not this process's idea of it: the read models and their
    // checkpoint commit together, so an unchanged checkpoint means unchanged tables — even
    // when another process's projector wrote them and its NOTIFY has not arrived yet.
    const version = await readCheckpointVersion(pool);
    const cached = this.get(key, version);
    if (cached) return cached;
    const answer = await query();
    this.set(key, version, answer);
    return answer;
  }

  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.stances;
  }

  set(key: string, version: string, stances: T): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version, stances });
  }
}
