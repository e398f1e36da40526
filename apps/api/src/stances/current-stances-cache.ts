import type { Stance, StanceFilter } from '@app/stances';

/** Distinct filters remembered; the front pages (one per topic) are what repeats. */
const MAX_ENTRIES = 256;

interface Entry {
  version: string;
  stances: Stance[];
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
 */
export class CurrentStancesCache {
  private readonly entries = new Map<string, Entry>();

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

  get(key: string, version: string): Stance[] | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.stances;
  }

  set(key: string, version: string, stances: Stance[]): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version, stances });
  }
}
