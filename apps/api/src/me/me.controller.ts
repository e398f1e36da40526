import { Controller, Get, Query, Req } from '@nestjs/common';
import { ReadConsistency } from '@app/ledger';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import { MIN_LOG_POSITION_QUERY } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';

/**
 * Who the token is: the browser view asks once after sign-in, to know whether to offer the
 * editor's forms. Any client may ask; it reads nothing from the ledger.
 */
@Controller('v1/me')
@AdmitReads()
@ApiV1('auth')
export class MeController {
  constructor(private readonly consistency: ReadConsistency) {}

  @Get()
  @RequireRole('reader')
  @ApiSummary('Who this token is', 'The name and role of the API key sent as the bearer token (`reader`, `editor` or `admin`).')
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'Me', "The token's key.")
  @ApiProblems(...READ_PROBLEMS)
  async me(@Req() request: AuthenticatedRequest, @Query() query: unknown) {
    // Like every read, it takes minLogPosition (and refuses an unknown parameter, 400).
    await this.consistency.atLeast(parseQuery(query, MIN_LOG_POSITION_QUERY).minLogPosition);
    // The AuthenticationMiddleware set the principal for every /v1 route before the guard ran.
    const { name, role } = request.principal!;
    return { name, role };
  }
}
