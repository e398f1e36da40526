import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getStatement, listStatements, type StatementFilter, type StatementPage, type StatementView } from '@app/stances';
import { toEventJson } from '../events/event-json.js';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';
import { statementStreamId } from '@app/statements';

export class GetStatementQuery extends Query<StatementView | null> {
  constructor(
    readonly statementId: string,
    readonly knownAt?: string,
    readonly minLogPosition?: number,
  ) {
    super();
  }
}

export class ListStatementsQuery extends Query<StatementPage> {
  constructor(readonly filter: StatementFilter & { minLogPosition?: number }) {
    super();
  }
}

export class StatementEventsQuery extends Query<ReturnType<typeof toEventJson>[]> {
  constructor(readonly statementId: string) {
    super();
  }
}

@QueryHandler(GetStatementQuery)
export class GetStatementHandler implements IQueryHandler<GetStatementQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ statementId, knownAt, minLogPosition }: GetStatementQuery) {
    await this.consistency.atLeast(minLogPosition);
    return getStatement(this.runtime.pool, statementId, knownAt);
  }
}

@QueryHandler(ListStatementsQuery)
export class ListStatementsHandler implements IQueryHandler<ListStatementsQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ filter }: ListStatementsQuery) {
    await this.consistency.atLeast(filter.minLogPosition);
    return listStatements(this.runtime.pool, filter);
  }
}

/** A statement's own events, oldest first, exactly as the log stores them. */
@QueryHandler(StatementEventsQuery)
export class StatementEventsHandler implements IQueryHandler<StatementEventsQuery> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ statementId }: StatementEventsQuery) {
    return (await this.runtime.events.readStream(statementStreamId(statementId))).map(toEventJson);
  }
}
