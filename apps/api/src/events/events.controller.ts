import { Controller, Get, Query } from '@nestjs/common';
import { RequireRole } from '../auth/roles.decorator.js';
import { integerOr, integer, parseQuery } from '../http/query.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { LedgerRuntime } from '@app/runtime';
import { toEventJson } from './event-json.js';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

const EVENTS_QUERY = z.object({
  after: integerOr(0, Number.MAX_SAFE_INTEGER, 0),
  limit: integerOr(1, 1000, 100),
  minLogPosition: integer(0, Number.MAX_SAFE_INTEGER),
});

@Controller('v1/events')
@AdmitReads()
@RequireRole('reader')
@ApiV1('events')
export class EventsController {
  constructor(private readonly runtime: LedgerRuntime) {}

  /** The global log in logPosition order, exactly as stored. */
  @Get()
  @ApiSummary('The global log', 'Events in logPosition order, exactly as stored: anyone can recompute the hash chain from this alone.')
  @ApiQueries(Q.after('A logPosition, exclusive: start after it.', true), Q.limit(1000), Q.minLogPosition())
  @ApiJsonResponse(200, 'EventPage', 'A page of the log.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown) {
    const { after, limit } = parseQuery(query, EVENTS_QUERY);
    const events = await this.runtime.events.readAll({ after, limit: limit + 1 });
    const page = events.slice(0, limit);
    return {
      items: page.map(toEventJson),
      nextAfter: events.length > limit ? page[page.length - 1].logPosition : null,
    };
  }
}
