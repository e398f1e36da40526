import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listStances, stanceHistory, type HistoryItem, type Stance, type StanceFilter } from '@app/stances';
import { ReadConsistency } from '../ledger/read-consistency.js';
import { LedgerRuntime } from '../runtime/ledger-runtime.js';

export class ListStancesQuery extends Query<Stance[]> {
  constructor(readonly filter: StanceFilter & { minLogPosition?: number }) {
    super();
  }
}

export class StanceHistoryQuery extends Query<HistoryItem[]> {
  constructor(
    readonly key: { country: string; topic: string; target: string | null; asOf?: string; knownAt?: string; minLogPosition?: number },
  ) {
    super();
  }
}

@QueryHandler(ListStancesQuery)
export class ListStancesHandler implements IQueryHandler<ListStancesQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter }: ListStancesQuery): Promise<Stance[]> {
    await this.consistency.atLeast(filter.minLogPosition);
    return listStances(this.runtime.pool, filter);
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
