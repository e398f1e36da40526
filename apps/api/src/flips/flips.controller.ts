import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ATTRIBUTIONS, FLIP_CHANGES, FLIP_SHIFTS } from '@app/statements';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { instant, integerOr, parseQuery } from '../http/query.js';
import { asOfParam, enumListParam, holderParam, knownAtParam, minLogPositionParam, targetParam, topicParam } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { encodeFlipCursor, flipCursorParam } from './flip-cursor.js';
import { ListFlipsQuery } from './flip.query-handlers.js';

const FLIPS_QUERY = z.object({
  topic: topicParam.optional(),
  holder: holderParam.optional(),
  target: targetParam.optional(),
  change: enumListParam(FLIP_CHANGES).optional(),
  shift: enumListParam(FLIP_SHIFTS).optional(),
  certain: z
    .enum(['true', 'false'], 'expected true or false')
    .optional()
    .transform((value) => value === 'true'),
  from: instant('start').optional(),
  to: instant('end').optional(),
  attribution: enumListParam(ATTRIBUTIONS).optional(),
  asOf: asOfParam,
  knownAt: knownAtParam,
  limit: integerOr(1, 500, 100),
  cursor: flipCursorParam.optional(),
  minLogPosition: minLogPositionParam,
});

/** GET /v1/flips — who flipped, across stance keys: the pairs of `/stances/history` whose change is a flip. */
@Controller('v1/flips')
@AdmitReads()
@RequireRole('reader')
@ApiV1('stances')
export class FlipsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiSummary(
    'List flips',
    "Every adjacent pair of a stance key's history whose `change` is `half_flip` or `full_flop`, across keys — exactly as `/stances/history` classifies it for the same key and filters. Newest later statement first (its statedFrom, then its recording logPosition, descending); keyset-paginated with `cursor`, and the pages of one cursor read the log as it was at the first page.",
  )
  @ApiQueries(
    Q.topic(),
    Q.holder(),
    Q.target(),
    Q.change(FLIP_CHANGES),
    Q.shift(FLIP_SHIFTS),
    Q.certain(),
    Q.from("the later statement's statedFrom"),
    Q.to("the later statement's statedFrom"),
    Q.attribution(),
    Q.asOf(),
    Q.knownAt(),
    Q.limit(500),
    Q.cursor(encodeFlipCursor({ statedFrom: '2024-11-01T00:00:00.000000Z', recordLogPosition: 7, logPosition: 42 })!),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'FlipPage', 'A page of flips.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown) {
    const filter = parseQuery(query, FLIPS_QUERY);
    const page = await this.queries.execute(new ListFlipsQuery(filter));
    return { items: page.items, nextCursor: encodeFlipCursor(page.nextCursor) };
  }
}
