import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listAlignment, unregisteredHolders, type AlignmentFilter } from '@app/stances';
import type { HolderAlignment } from '@app/statements';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';
import { Problem } from '../http/problem.js';

export class AlignmentQuery extends Query<HolderAlignment[]> {
  constructor(readonly filter: AlignmentFilter & { minLogPosition?: number }) {
    super();
  }
}

@QueryHandler(AlignmentQuery)
export class AlignmentHandler implements IQueryHandler<AlignmentQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter }: AlignmentQuery): Promise<HolderAlignment[]> {
    await this.consistency.atLeast(filter.minLogPosition);
    if (filter.holders !== undefined) {
      const unknown = await unregisteredHolders(this.runtime.pool, filter.holders);
      if (unknown.length > 0) {
        const detail = `not a registered actor: ${unknown.join(', ')}`;
        throw new Problem('unprocessable', detail, { errors: [{ pointer: '/query/holders', detail }] });
      }
    }
    return listAlignment(this.runtime.pool, filter);
  }
}

export const alignmentHandlers = [AlignmentHandler];
