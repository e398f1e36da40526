import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listStances, stanceHistory, type HistoryFilter, type HistoryItem, type Stance, type StanceFilter } from '@app/stances';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';
import { CurrentStancesCache } from './current-stances-cache.js';

export class ListStancesQuery extends Query<Stance[]> {
  constructor(readonly filter: StanceFilter & { minLogPosition?: number }) {
    super();
  }
}

export class StanceHistoryQuery extends Query<HistoryItem[]> {
  constructor(readonly key: HistoryFilter & { minLogPosition?: number }) {
    super();
  }
}

@QueryHandler(ListStancesQuery)
export class ListStancesHandler implements IQueryHandler<ListStancesQuery> {
  private readonly cache = new CurrentStancesCache();

  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter }: ListStancesQuery): Promise<Stance[]> {
    await this.consistency.atLeast(filter.minLogPosition);
    return this.cache.answer(this.runtime.pool, filter, () => listStances(this.runtime.pool, filter));
  }
}

/**
 * Histories remembered: one per key read (a key's history is a few kB), enough for a
 * client walking a topic's keys in turn to find them again while the ledger stands still.
 */
const HISTORY_ENTRIES = 1024;

@QueryHandler(StanceHistoryQuery)
export class StanceHistoryHandler implements IQueryHandler<StanceHistoryQuery> {
  private readonly cache = new CurrentStancesCache<HistoryItem[]>(HISTORY_ENTRIES);

  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ key }: StanceHistoryQuery): Promise<HistoryItem[]> {
    await this.consistency.atLeast(key.minLogPosition);
    return this.cache.answer(this.runtime.pool, key, () => stanceHistory(this.runtime.pool, key));
  }
}

export const stanceHandlers = [ListStancesHandler, StanceHistoryHandler];
