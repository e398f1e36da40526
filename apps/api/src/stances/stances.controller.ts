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
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { ListStancesQuery, StanceHistoryQuery } from './stance.queries.js';

@Controller('v1/stances')
@RequireRole('reader')
@ApiV1('stances')
export class StancesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiSummary('List stances', 'All matching stances, by country, topic, then target (null first). `asOf` and `knownAt` travel in valid and transaction time.')
  @ApiQueries(Q.topic(), Q.country('The stance\'s (the actor\'s) country.'), Q.target(), Q.asOf(), Q.knownAt(), Q.minLogPosition())
  @ApiJsonResponse(200, 'StanceList', 'The stances.')
  @ApiProblems(...READ_PROBLEMS)
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
  @ApiSummary('A stance\'s history', 'The key\'s active statements in order, each with how its position changed from the previous one.')
  @ApiQueries(Q.country('The stance\'s (the actor\'s) country.', true), Q.topic('The topic\'s slug.', true), Q.target(true), Q.asOf(), Q.knownAt(), Q.minLogPosition())
  @ApiJsonResponse(200, 'StanceHistory', 'The history (empty when the key has no active statement).')
  @ApiProblems(...READ_PROBLEMS)
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
