import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listFlips, type FlipFilter, type FlipPage } from '@app/stances';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';

export class ListFlipsQuery extends Query<FlipPage> {
  constructor(readonly filter: FlipFilter & { minLogPosition?: number }) {
    super();
  }
}

@QueryHandler(ListFlipsQuery)
export class ListFlipsHandler implements IQueryHandler<ListFlipsQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter }: ListFlipsQuery): Promise<FlipPage> {
    await this.consistency.atLeast(filter.minLogPosition);
    return listFlips(this.runtime.pool, filter);
  }
}

export const flipHandlers = [ListFlipsHandler];
