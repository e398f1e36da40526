import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import {
  asOfParam,
  countryParam,
  knownAtParam,
  minLogPositionParam,
  targetParam,
  topicParam,
} from '../http/query-fields.js';
import { ListStancesQuery, StanceHistoryQuery } from './stance.queries.js';

@Controller('v1/stances')
@RequireRole('reader')
export class StancesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async list(@Query() query: unknown) {
    const filter = parseQuery(query, {
      topic: topicParam.optional(),
      country: countryParam.optional(),
      target: targetParam.optional(),
      asOf: asOfParam,
      knownAt: knownAtParam,
      minLogPosition: minLogPositionParam,
    });
    return { items: await this.queries.execute(new ListStancesQuery(filter)) };
  }

  @Get('history')
  async history(@Query() query: unknown) {
    const key = parseQuery(query, {
      country: countryParam,
      topic: topicParam,
      target: targetParam,
      asOf: asOfParam,
      knownAt: knownAtParam,
      minLogPosition: minLogPositionParam,
    });
    return { items: await this.queries.execute(new StanceHistoryQuery(key)) };
  }
}
