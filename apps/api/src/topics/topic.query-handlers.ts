import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getTopic, listTopics, type TopicView } from '@app/stances';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';

export class ListTopicsQuery extends Query<TopicView[]> {
  constructor(readonly minLogPosition?: number) {
    super();
  }
}

export class GetTopicQuery extends Query<TopicView | null> {
  constructor(
    readonly slug: string,
    readonly minLogPosition?: number,
  ) {
    super();
  }
}

@QueryHandler(ListTopicsQuery)
export class ListTopicsHandler implements IQueryHandler<ListTopicsQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ minLogPosition }: ListTopicsQuery) {
    await this.consistency.atLeast(minLogPosition);
    return listTopics(this.runtime.pool);
  }
}

@QueryHandler(GetTopicQuery)
export class GetTopicHandler implements IQueryHandler<GetTopicQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ slug, minLogPosition }: GetTopicQuery) {
    await this.consistency.atLeast(minLogPosition);
    return getTopic(this.runtime.pool, slug);
  }
}
