import { Controller, Get, Query } from '@nestjs/common';
import { RequireRole } from '../auth/roles.decorator.js';
import { integerOr, integer, parseQuery } from '../http/query.js';
import { LedgerRuntime } from '../runtime/ledger-runtime.js';
import { toEventJson } from './event-json.js';

@Controller('v1/events')
@RequireRole('reader')
export class EventsController {
  constructor(private readonly runtime: LedgerRuntime) {}

  /** The global log in logPosition order, exactly as stored. */
  @Get()
  async list(@Query() query: unknown) {
    const { after, limit } = parseQuery(query, {
      after: integerOr(0, Number.MAX_SAFE_INTEGER, 0),
      limit: integerOr(1, 1000, 100),
      minLogPosition: integer(0, Number.MAX_SAFE_INTEGER),
    });
    const events = await this.runtime.store.readAll({ after, limit: limit + 1 });
    const page = events.slice(0, limit);
    return {
      items: page.map(toEventJson),
      nextAfter: events.length > limit ? page[page.length - 1].logPosition : null,
    };
  }
}
