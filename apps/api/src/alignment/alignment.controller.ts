import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { HolderAlignment } from '@app/statements';
import { ATTRIBUTIONS } from '@app/statements';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { integerOr, parseQuery } from '../http/query.js';
import { asOfParam, enumListParam, holderParam, knownAtParam, minLogPositionParam, topicParam } from '../http/query-fields.js';
import { ApiJsonResponse, ApiProblems, ApiQueries, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { AlignmentQuery } from './alignment.query-handlers.js';

export const MIN_HOLDERS = 2;
export const MAX_HOLDERS = 50;

/** `holders`: a comma list of 2–50 distinct holders (country codes or actors' slugs). */
const holdersParam = z.string().transform((text, context): string[] => {
  const items = text.split(',');
  const bad = items.find((item) => !holderParam.safeParse(item).success);
  const repeated = items.find((item, index) => items.indexOf(item) !== index);
  let message: string | null = null;
  if (bad !== undefined) message = `${JSON.stringify(bad)} is not a country code or an actor's slug`;
  else if (repeated !== undefined) message = `${repeated} is named twice`;
  else if (items.length < MIN_HOLDERS || items.length > MAX_HOLDERS)
    message = `give ${MIN_HOLDERS} to ${MAX_HOLDERS} holders, comma-separated (got ${items.length})`;
  if (message === null) return items;
  context.addIssue({ code: 'custom', message });
  return z.NEVER;
});

const ALIGNMENT_QUERY = z.object({
  topic: topicParam.optional(),
  holders: holdersParam.optional(),
  attribution: enumListParam(ATTRIBUTIONS).optional(),
  asOf: asOfParam,
  knownAt: knownAtParam,
  minShared: integerOr(1, Number.MAX_SAFE_INTEGER, 1),
  minLogPosition: minLogPositionParam,
});

@Controller('v1/alignment')
@AdmitReads()
@RequireRole('reader')
@ApiV1('stances')
export class AlignmentController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiSummary(
    'How far holders agree',
    'For each pair of holders a < b (code point order): `shared`, the (topic, target) keys where both hold a stance — a key left out when both stances rest on statements of one utterance — and `agreement`, the mean over them of 1 − |score(a) − score(b)| / 4, rounded half away from zero to 4 decimals. The stances are those `/v1/stances` answers for the same `topic`, `attribution`, `asOf` and `knownAt`. Ordered by agreement descending, then shared descending, then a, b.',
  )
  @ApiQueries(
    Q.topic('Only stances on this topic (default: every topic).'),
    {
      name: 'holders',
      required: false,
      description: `Only pairs among these holders: a comma list of ${MIN_HOLDERS}–${MAX_HOLDERS} distinct country codes or registered actors' slugs (an unregistered slug → 422). Default: every holder.`,
      schema: { type: 'string', pattern: '^[A-Za-z0-9-]+(,[A-Za-z0-9-]+)+$' },
      example: 'AUS,GBR,USA',
    },
    Q.attribution(),
    Q.asOf(),
    Q.knownAt(),
    {
      name: 'minShared',
      required: false,
      description: 'Leave out pairs that share fewer keys.',
      schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1 },
      example: 2,
    },
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'AlignmentList', 'The pairs.')
  @ApiProblems(...READ_PROBLEMS, [422, '`holders` names an actor slug that is not registered.'])
  async list(@Query() query: unknown): Promise<{ items: HolderAlignment[] }> {
    return { items: await this.queries.execute(new AlignmentQuery(parseQuery(query, ALIGNMENT_QUERY))) };
  }
}
