import { Controller, Get, Query } from '@nestjs/common';
import { ReadConsistency } from '@app/ledger';
import { cameoCodebook, countryReference } from '@app/statements';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import { MIN_LOG_POSITION_QUERY } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

/**
 * The lists clients and forms need to offer valid values: the country codes a statement or
 * an actor may name, and the CAMEO codebook. Both ship with the code; `minLogPosition` is
 * accepted (and honoured) as on every other read.
 */
@Controller('v1/reference')
@AdmitReads()
@ApiV1('reference')
export class ReferenceController {
  constructor(private readonly consistency: ReadConsistency) {}

  @Get('countries')
  @RequireRole('reader')
  @ApiSummary(
    'The country codes',
    'Every code a statement or an actor may name, by code: ISO 3166-1 alpha-3, the former countries of ISO 3166-3 (`former: true`) and XKX.',
  )
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'CountryList', 'Every country code.')
  @ApiProblems(...READ_PROBLEMS)
  async countries(@Query() query: unknown) {
    await this.consistency.atLeast(parseQuery(query, MIN_LOG_POSITION_QUERY).minLogPosition);
    return { items: countryReference() };
  }

  @Get('cameo')
  @RequireRole('reader')
  @ApiSummary('The CAMEO event codebook', 'Every code a statement’s `cameoCode` may take, by code, with its Goldstein score and quad class.')
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'CameoList', 'Every CAMEO code.')
  @ApiProblems(...READ_PROBLEMS)
  async cameo(@Query() query: unknown) {
    await this.consistency.atLeast(parseQuery(query, MIN_LOG_POSITION_QUERY).minLogPosition);
    return { items: [...cameoCodebook().values()].sort((a, b) => (a.code < b.code ? -1 : 1)) };
  }
}
