import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listStances, readCheckpointVersion, stanceHistory, type HistoryFilter, type HistoryItem, type Stance, type StanceFilter } from '@app/stances';
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
    const key = CurrentStancesCache.keyOf(filter);
    if (key === null) return listStances(this.runtime.pool, filter);
    // The stored checkpoint, not this process's idea of it: the read models and their
    // checkpoint commit together, so an unchanged checkpoint means unchanged tables — even
    // when another process's projector wrote them and its NOTIFY has not arrived yet.
    const version = await readCheckpointVersion(this.runtime.pool);
    const cached = this.cache.get(key, version);
    if (cached) return cached;
    const stances = await listStances(this.runtime.pool, filter);
    this.cache.set(key, version, stances);
    return stances;
  }
}

@QueryHandler(StanceHistoryQuery)
export class StanceHistoryHandler implements IQueryHandler<StanceHistoryQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ key }: StanceHistoryQuery): Promise<HistoryItem[]> {
    await this.consistency.atLeast(key.minLogPosition);
    return stanceHistory(this.runtime.pool, key);
  }
}

export const stanceHandlers = [ListStancesHandler, StanceHistoryHandler];
