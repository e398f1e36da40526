import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { openLedgerSnapshot, type LedgerSnapshot } from '@app/stances';
import { ReadConsistency } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';

/** Opens the snapshot an export reads: the caller streams from it, then closes it. */
export class OpenExportQuery extends Query<LedgerSnapshot> {
  constructor(readonly minLogPosition?: number) {
    super();
  }
}

/**
 * An export is the ledger as of the log head when it starts: it waits (as `minLogPosition`
 * does, up to 5 s) until the read models have applied that head, then reads them in one
 * snapshot, whose position — that head, or the few events applied during the wait — is
 * the export's `Ledger-Position`.
 */
@QueryHandler(OpenExportQuery)
export class OpenExportHandler implements IQueryHandler<OpenExportQuery> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly consistency: ReadConsistency,
  ) {}

  async execute({ minLogPosition }: OpenExportQuery): Promise<LedgerSnapshot> {
    const head = (await this.runtime.events.head()).logPosition;
    await this.consistency.atLeast(Math.max(head, minLogPosition ?? 0));
    return openLedgerSnapshot(this.runtime.pool);
  }
}

export const exportHandlers = [OpenExportHandler];
