import { Controller, Get, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { ApiJsonResponse, ApiProblems, ApiSummary, ApiV1, READ_PROBLEMS } from '../openapi/decorators.js';

/**
 * Who the token is: the browser view asks once after sign-in, to know whether to offer the
 * editor's forms. Any client may ask; it reads nothing from the ledger.
 */
@Controller('v1/me')
@AdmitReads()
@ApiV1('auth')
export class MeController {
  @Get()
  @RequireRole('reader')
  @ApiSummary('Who this token is', 'The name and role of the API key sent as the bearer token (`reader`, `editor` or `admin`).')
  @ApiJsonResponse(200, 'Me', "The token's key.")
  @ApiProblems(...READ_PROBLEMS)
  me(@Req() request: AuthenticatedRequest) {
    // The AuthenticationMiddleware set the principal for every /v1 route before the guard ran.
    const { name, role } = request.principal!;
    return { name, role };
  }
}
