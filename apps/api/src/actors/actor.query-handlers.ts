import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getActor, listActors, type ActorFilter } from '@app/stances';
import type { RegisteredActor } from '@app/statements';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';

export class ListActorsQuery extends Query<RegisteredActor[]> {
  constructor(
    readonly filter: ActorFilter,
    readonly minLogPosition?: number,
  ) {
    super();
  }
}

export class GetActorQuery extends Query<RegisteredActor | null> {
  constructor(
    readonly slug: string,
    readonly minLogPosition?: number,
  ) {
    super();
  }
}

@QueryHandler(ListActorsQuery)
export class ListActorsHandler implements IQueryHandler<ListActorsQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter, minLogPosition }: ListActorsQuery) {
    await this.consistency.atLeast(minLogPosition);
    return listActors(this.runtime.pool, filter);
  }
}

@QueryHandler(GetActorQuery)
export class GetActorHandler implements IQueryHandler<GetActorQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ slug, minLogPosition }: GetActorQuery) {
    await this.consistency.atLeast(minLogPosition);
    return getActor(this.runtime.pool, slug);
  }
}
