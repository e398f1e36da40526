import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ACTOR_KINDS, parseActor, parseActorRevision } from '@app/statements';
import { RegisterActor, ReviseActor, validInput } from '@app/ledger';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { presentActor } from '../http/presenter.js';
import { Problem } from '../http/problem.js';
import { registryContextOf, slugOf } from '../http/registry-paths.js';
import { parseQuery } from '../http/query.js';
import { countryParam, MIN_LOG_POSITION_QUERY, minLogPositionParam } from '../http/query-fields.js';
import {
  ApiJsonBody,
  ApiJsonResponse,
  ApiPathParam,
  ApiProblems,
  ApiQueries,
  ApiSummary,
  ApiV1,
  Q,
  READ_PROBLEMS,
  WRITE_PROBLEMS,
} from '../openapi/decorators.js';
import { headerRef, ref } from '../openapi/schemas.js';
import { GetActorQuery, ListActorsQuery } from './actor.query-handlers.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

const LIST_QUERY = z.object({
  kind: z.enum(ACTOR_KINDS, `expected one of ${ACTOR_KINDS.join(', ')}`).optional(),
  country: countryParam.optional(),
  minLogPosition: minLogPositionParam,
});

const slugParam = ApiPathParam('slug', "The actor's slug.", ref('ActorSlug'));

@Controller('v1/actors')
@ApiV1('actors')
export class ActorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireRole('editor')
  @ApiSummary(
    'Register an actor',
    'Needs editor. An organization of countries, or a body of one country that is not its government. Slug, kind and country never change.',
  )
  @ApiJsonBody('RegisteredActorInput')
  @ApiJsonResponse(201, 'RegisteredActor', 'Registered.', { Location: headerRef('Location'), 'Ledger-Position': headerRef('LedgerPosition') })
  @ApiProblems(...WRITE_PROBLEMS, [409, 'The slug is taken.'])
  async register(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const context = registryContextOf(request);
    return presentActor(response, await this.commands.execute(new RegisterActor(validInput(parseActor(body)), context)));
  }

  @Patch(':slug')
  @RequireRole('editor')
  @ApiSummary("Revise an actor's name, description or members", 'Needs editor. A revision that changes nothing writes nothing.')
  @slugParam
  @ApiJsonBody('RegisteredActorRevision')
  @ApiJsonResponse(200, 'RegisteredActor', 'The actor as revised.', { 'Ledger-Position': headerRef('LedgerPosition') })
  @ApiProblems(...WRITE_PROBLEMS, [404, 'No such actor.'], [409, 'The actor was revised concurrently; try again.'])
  async revise(@Param('slug') slug: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const actor = slugOf('actor', slug);
    const context = registryContextOf(request);
    return presentActor(response, await this.commands.execute(new ReviseActor(actor, validInput(parseActorRevision(body)), context)));
  }

  @Get()
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary('List the actors', 'By slug.')
  @ApiQueries(
    { name: 'kind', required: false, description: 'Only actors of this kind.', schema: ref('ActorKind'), example: 'organization' },
    Q.country('Only the bodies of this country (an organization has no country).'),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'RegisteredActorList', 'The registered actors that match.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown) {
    const { kind, country, minLogPosition } = parseQuery(query, LIST_QUERY);
    return { items: await this.queries.execute(new ListActorsQuery({ kind, country }, minLogPosition)) };
  }

  @Get(':slug')
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary('Get an actor')
  @slugParam
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'RegisteredActor', 'The actor.')
  @ApiProblems(...READ_PROBLEMS, [404, 'No such actor.'])
  async get(@Param('slug') slug: string, @Query() query: unknown) {
    const { minLogPosition } = parseQuery(query, MIN_LOG_POSITION_QUERY);
    const actor = await this.queries.execute(new GetActorQuery(slugOf('actor', slug), minLogPosition));
    if (!actor) throw new Problem('not-found', `no actor ${slug}`);
    return actor;
  }
}
