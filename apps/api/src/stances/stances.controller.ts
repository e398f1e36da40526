import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import { asOfParam, countryParam, enumListParam, holderParam, knownAtParam, minLogPositionParam, targetParam, topicParam } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import type { Stance } from '@app/stances';
import { ATTRIBUTIONS } from '@app/statements';
import { ListStancesQuery, StanceHistoryQuery } from './stance.query-handlers.js';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

const attributionParam = enumListParam(ATTRIBUTIONS);

/** The list's parameters (the export of the same rows takes them too: apps/api/src/export). */
export const LIST_QUERY = z.object({
  topic: topicParam.optional(),
  holder: holderParam.optional(),
  country: countryParam.optional(),
  target: targetParam.optional(),
  attribution: attributionParam.optional(),
  asOf: asOfParam,
  knownAt: knownAtParam,
  minLogPosition: minLogPositionParam,
});

/** One key: its holder named as `holder` (v2) or, for a country's government, as `country` (v1) — exactly one of them. */
const HISTORY_QUERY = z
  .object({
    holder: holderParam.optional(),
    country: countryParam.optional(),
    topic: topicParam,
    target: targetParam,
    attribution: attributionParam.optional(),
    asOf: asOfParam,
    knownAt: knownAtParam,
    minLogPosition: minLogPositionParam,
  })
  .superRefine((query, context) => {
    if (query.holder !== undefined && query.country !== undefined) {
      context.addIssue({ code: 'custom', path: ['holder'], message: 'give holder or country, not both (holder takes a country code too)' });
    } else if (query.holder === undefined && query.country === undefined) {
      context.addIssue({ code: 'custom', path: ['country'], message: 'required: a country, or a holder (a country code or an actor slug)' });
    }
  });

/** The JSON of each answer still held (by the caches), with its ETag — forgotten with the answer. */
const serialised = new WeakMap<readonly unknown[], { body: Buffer; etag: string }>();

/**
 * Sends `{ items }`. A topic's table is ~800 stances, 170 KB: an answer reused from the cache
 * is also sent as the text it was serialised to the first time, not stringified again per
 * request (nor hashed again by express for its ETag); express answers 304 itself when
 * If-None-Match matches the ETag.
 */
function sendItems(response: Response, items: readonly unknown[]): void {
  let prepared = serialised.get(items);
  if (prepared === undefined) {
    const body = Buffer.from(JSON.stringify({ items }));
    prepared = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    serialised.set(items, prepared);
  }
  response.type('json').set('ETag', prepared.etag).send(prepared.body);
}

@Controller('v1/stances')
@AdmitReads()
@RequireRole('reader')
@ApiV1('stances')
export class StancesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiSummary(
    'List stances',
    'All matching stances, by holder, topic, then target (null first). `asOf` and `knownAt` travel in valid and transaction time; `attribution` counts only the statements so attributed.',
  )
  @ApiQueries(
    Q.topic(),
    Q.holder(),
    Q.country("Stances held by this country's government (the holder, when a country)."),
    Q.target(),
    Q.attribution(),
    Q.asOf(),
    Q.knownAt(),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'StanceList', 'The stances.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown, @Res() response: Response): Promise<void> {
    const filter = parseQuery(query, LIST_QUERY);
    const stances: Stance[] = await this.queries.execute(new ListStancesQuery(filter));
    sendItems(response, stances);
  }

  @Get('history')
  @ApiSummary(
    "A stance's history",
    "The key's active statements in order, each with how its position changed and shifted from the previous one. The key's holder is `holder` or (a country's government) `country`: exactly one of them.",
  )
  @ApiQueries(
    Q.holder('The holder: a country code or an actor slug. Give it or `country`.'),
    Q.country("The holding country's government (v1; the same as `holder` with a code). Give it or `holder`."),
    Q.topic("The topic's slug.", true),
    Q.target(true),
    Q.attribution(),
    Q.asOf(),
    Q.knownAt(),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'StanceHistory', 'The history (empty when the key has no active statement).')
  @ApiProblems(...READ_PROBLEMS)
  async history(@Query() query: unknown, @Res() response: Response): Promise<void> {
    const key = parseQuery(query, HISTORY_QUERY);
    sendItems(response, await this.queries.execute(new StanceHistoryQuery(key)));
  }
}
