import { Controller, Get, Query, Req } from '@nestjs/common';
import { auditChanges } from '@app/stances';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { instant, integerOr, parseQuery } from '../http/query.js';
import {
  countryParam,
  enumListParam,
  filterTextParam,
  holderParam,
  MIN_LOG_POSITION_QUERY,
  minLogPositionParam,
  targetParam,
  topicParam,
  uuidParam,
} from '../http/query-fields.js';
import { STATEMENT_EVENT_TYPES } from '@app/statements';
import { ReadConsistency } from '@app/ledger';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { CheckpointSigner } from '@app/event-store';
import { LedgerRuntime } from '@app/runtime';
import { VerifyRuns } from './verify-runs.js';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

const CHANGES_QUERY = z.object({
  country: countryParam.optional(),
  topic: topicParam.optional(),
  holder: holderParam.optional(),
  target: targetParam.optional(),
  recordedBy: filterTextParam.optional(),
  statementId: uuidParam.transform((id) => id.toLowerCase()).optional(),
  type: enumListParam(STATEMENT_EVENT_TYPES).optional(),
  from: instant('start').optional(),
  to: instant('end').optional(),
  after: integerOr(0, Number.MAX_SAFE_INTEGER, 0),
  limit: integerOr(1, 1000, 100),
  minLogPosition: minLogPositionParam,
});

@Controller('v1/audit')
@AdmitReads()
@RequireRole('reader')
@ApiV1('audit')
export class AuditController {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly signer: CheckpointSigner,
    private readonly consistency: ReadConsistency,
    private readonly runs: VerifyRuns,
  ) {}

  /** Recomputes every dataHash and the whole chain from the stored log, on a worker thread, one run shared by concurrent callers. */
  @Get('verify')
  @ApiSummary(
    'Verify the chain',
    'Recomputes every dataHash and the whole hash chain from the stored log, every row from the first, up to the head at the ' +
      'start of the run. Runs on a worker thread with its own database connection: it neither blocks the server nor takes ' +
      'the connections that serve writes and reads. ' +
      'Concurrent calls share one run: a call arriving while a run is in flight joins it and gets its answer. Each API key ' +
      'may have one call waiting on a run (started or joined): another call from the same key meanwhile gets 429 with Retry-After.',
  )
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'AuditVerification', 'ok true with the head, or ok false with firstInvalidLogPosition.')
  @ApiProblems(400, 401, [429, 'This API key already has a verify in flight (or its rate limit is spent); retry after Retry-After seconds.'], 503)
  async verify(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    parseQuery(query, MIN_LOG_POSITION_QUERY);
    const result = await this.runs.verify(request.principal!.name);
    return result.ok
      ? { ok: true, eventsChecked: result.eventsChecked, head: result.head }
      : { ok: false, eventsChecked: result.eventsChecked, firstInvalidLogPosition: result.firstInvalidLogPosition, head: result.head };
  }

  /** The head at the time of the request, signed: keep it outside the system. */
  @Get('checkpoint')
  @ApiSummary('A signed checkpoint of the head', 'Keep it outside the system: `verify --checkpoint` later proves the log still extends it.')
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'Checkpoint', 'The head at the time of the request, signed with Ed25519.')
  @ApiProblems(...READ_PROBLEMS)
  async checkpoint(@Query() query: unknown) {
    parseQuery(query, MIN_LOG_POSITION_QUERY);
    const head = await this.runtime.store.head();
    return this.signer.sign({ logPosition: head.logPosition, hash: head.hash });
  }

  @Get('changes')
  @ApiSummary('Who changed what', 'Every recording, correction and retraction with its reason and old and new values, oldest first.')
  @ApiQueries(
    Q.country("The statement's actor country (before or after the change)."),
    Q.topic("The statement's topic (before or after the change)."),
    Q.holder("The statement's holder (before or after the change): a country code or an actor slug."),
    { ...Q.target(), description: "The statement's target (before or after the change): a country code, an actor slug, or `none` for no target." },
    Q.recordedBy('The API key name that made the change.'),
    { ...Q.utteranceId(), name: 'statementId', description: 'The changes of one statement.' },
    Q.eventType(),
    Q.from('recordedAt'),
    Q.to('recordedAt'),
    Q.after('A logPosition, exclusive: start after it.', true),
    Q.limit(1000),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'AuditChangePage', 'A page of changes.')
  @ApiProblems(...READ_PROBLEMS)
  async changes(@Query() query: unknown) {
    const filter = parseQuery(query, CHANGES_QUERY);
    await this.consistency.atLeast(filter.minLogPosition);
    return auditChanges(this.runtime.pool, filter);
  }
}
