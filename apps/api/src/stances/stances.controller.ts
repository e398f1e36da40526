import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import { asOfParam, countryParam, knownAtParam, minLogPositionParam, targetParam, topicParam } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import type { Stance } from '@app/stances';
import { ListStancesQuery, StanceHistoryQuery } from './stance.query-handlers.js';
import { z } from 'zod';

/** The list's parameters (the export of the same rows takes them too: apps/api/src/export). */
export const LIST_QUERY = z.object({
  topic: topicParam.optional(),
  country: countryParam.optional(),
  target: targetParam.optional(),
  asOf: asOfParam,
  knownAt: knownAtParam,
  minLogPosition: minLogPositionParam,
});

const HISTORY_QUERY = z.object({
  country: countryParam,
  topic: topicParam,
  target: targetParam,
  asOf: asOfParam,
  knownAt: knownAtParam,
  minLogPosition: minLogPositionParam,
});

/** The JSON of each stance list still held (by the cache), with its ETag — forgotten with the list. */
const serialised = new WeakMap<Stance[], { body: Buffer; etag: string }>();

@Controller('v1/stances')
@RequireRole('reader')
@ApiV1('stances')
export class StancesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiSummary('List stances', 'All matching stances, by country, topic, then target (null first). `asOf` and `knownAt` travel in valid and transaction time.')
  @ApiQueries(Q.topic(), Q.country("The stance's (the actor's) country."), Q.target(), Q.asOf(), Q.knownAt(), Q.minLogPosition())
  @ApiJsonResponse(200, 'StanceList', 'The stances.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown, @Res() response: Response): Promise<void> {
    const filter = parseQuery(query, LIST_QUERY);
    const stances: Stance[] = await this.queries.execute(new ListStancesQuery(filter));
    // A topic's table is ~800 stances, 170 KB: a table reused from the cache is also sent as
    // the text it was serialised to the first time, not stringified again per request.
    let prepared = serialised.get(stances);
    if (prepared === undefined) {
      const body = Buffer.from(JSON.stringify({ items: stances }));
      // Set here, express would otherwise hash the whole body again on every request.
      prepared = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
      serialised.set(stances, prepared);
    }
    // express answers 304 itself when If-None-Match matches the ETag.
    response.type('json').set('ETag', prepared.etag).send(prepared.body);
  }

  @Get('history')
  @ApiSummary("A stance's history", "The key's active statements in order, each with how its position changed from the previous one.")
  @ApiQueries(
    Q.country("The stance's (the actor's) country.", true),
    Q.topic("The topic's slug.", true),
    Q.target(true),
    Q.asOf(),
    Q.knownAt(),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'StanceHistory', 'The history (empty when the key has no active statement).')
  @ApiProblems(...READ_PROBLEMS)
  async history(@Query() query: unknown) {
    const key = parseQuery(query, HISTORY_QUERY);
    return { items: await this.queries.execute(new StanceHistoryQuery(key)) };
  }
}
