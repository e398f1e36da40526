import { Controller, Get, Query } from '@nestjs/common';
import { verifyChain } from '@app/event-store';
import { auditChanges } from '@app/stances';
import { RequireRole } from '../auth/roles.decorator.js';
import { instant, integer, integerOr, parseQuery } from '../http/query.js';
import { countryParam, minLogPositionParam, topicParam } from '../http/query-fields.js';
import { ReadConsistency } from '../ledger/read-consistency.js';
import { LedgerRuntime } from '../runtime/ledger-runtime.js';
import { CheckpointSigner } from './checkpoint-signer.js';
import { wholeLog } from './whole-log.js';

@Controller('v1/audit')
@RequireRole('reader')
export class AuditController {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly signer: CheckpointSigner,
    private readonly consistency: ReadConsistency,
  ) {}

  /** Recomputes every dataHash and the whole chain from the stored log. */
  @Get('verify')
  async verify(@Query() query: unknown) {
    parseQuery(query, { minLogPosition: minLogPositionParam });
    const result = await verifyChain(wholeLog(this.runtime.store));
    return result.ok
      ? { ok: true, eventsChecked: result.eventsChecked, head: result.head }
      : { ok: false, eventsChecked: result.eventsChecked, firstInvalidLogPosition: result.firstInvalidLogPosition, head: result.head };
  }

  /** The head at the time of the request, signed: keep it outside the system. */
  @Get('checkpoint')
  async checkpoint(@Query() query: unknown) {
    parseQuery(query, { minLogPosition: minLogPositionParam });
    const head = await this.runtime.store.head();
    return this.signer.sign({ logPosition: head.logPosition, hash: head.hash });
  }

  @Get('changes')
  async changes(@Query() query: unknown) {
    const filter = parseQuery(query, {
      country: countryParam.optional(),
      topic: topicParam.optional(),
      from: instant('start').optional(),
      to: instant('end').optional(),
      after: integerOr(0, Number.MAX_SAFE_INTEGER, 0),
      limit: integerOr(1, 1000, 100),
      minLogPosition: minLogPositionParam,
    });
    await this.consistency.atLeast(filter.minLogPosition);
    return auditChanges(this.runtime.pool, filter);
  }
}
