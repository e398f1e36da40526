import type { Stance, StanceFilter } from '@app/stances';

/** Longest an answer is reused even when the projections have not moved (a rebuild in another process swaps tables without a new position). */
const MAX_AGE_MS = 1000;
/** Distinct filters remembered; the front pages (one per topic) are what repeats. */
const MAX_ENTRIES = 256;

interface Entry {
  position: number;
  storedAt: number;
  stances: Stance[];
}

/**
 * The current stance table of a filter, reused while the read models stand still.
 * An entry is stored under the projection checkpoint read *before* its query ran and is
 * served only while that is still the checkpoint (positions only grow, so the tables were
 * then exactly at it): never older than what a reader could otherwise see. The moment the
 * projector applies anything, every entry is stale.
 */
export class CurrentStancesCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

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

  get(key: string, position: number): Stance[] | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.position !== position || this.now() - entry.storedAt > MAX_AGE_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.stances;
  }

  set(key: string, position: number, stances: Stance[]): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { position, storedAt: this.now(), stances });
  }
}
