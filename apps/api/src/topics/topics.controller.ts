import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { parseTopic, parseTopicRevision } from '@app/statements';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { Problem } from '../http/problem.js';
import { registryContextOf, slugOf } from '../http/registry-paths.js';
import { parseQuery } from '../http/query.js';
import { MIN_LOG_POSITION_QUERY } from '../http/query-fields.js';
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
import { presentTopic } from '../http/presenter.js';
import { RegisterTopic, ReviseTopic, validInput } from '@app/ledger';
import { GetTopicQuery, ListTopicsQuery } from './topic.query-handlers.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

const slugParam = ApiPathParam('slug', "The topic's slug.", ref('TopicSlug'));

@Controller('v1/topics')
@ApiV1('topics')
export class TopicsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireRole('editor')
  @ApiSummary('Register a topic', 'Needs editor. A slug never changes.')
  @ApiJsonBody('TopicInput')
  @ApiJsonResponse(201, 'Topic', 'Registered.', { Location: headerRef('Location'), 'Ledger-Position': headerRef('LedgerPosition') })
  @ApiProblems(...WRITE_PROBLEMS, [409, 'The slug is taken.'])
  async register(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const context = registryContextOf(request);
    return presentTopic(response, await this.commands.execute(new RegisterTopic(validInput(parseTopic(body)), context)));
  }

  @Patch(':slug')
  @RequireRole('editor')
  @ApiSummary("Revise a topic's title or description", 'Needs editor. A revision that changes nothing writes nothing.')
  @slugParam
  @ApiJsonBody('TopicRevision')
  @ApiJsonResponse(200, 'Topic', 'The topic as revised.', { 'Ledger-Position': headerRef('LedgerPosition') })
  @ApiProblems(...WRITE_PROBLEMS, [404, 'No such topic.'], [409, 'The topic was revised concurrently; try again.'])
  async revise(@Param('slug') slug: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const topic = slugOf('topic', slug);
    const context = registryContextOf(request);
    return presentTopic(response, await this.commands.execute(new ReviseTopic(topic, validInput(parseTopicRevision(body)), context)));
  }

  @Get()
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary('List the topics')
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'TopicList', 'Every registered topic.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown) {
    const { minLogPosition } = parseQuery(query, MIN_LOG_POSITION_QUERY);
    return { items: await this.queries.execute(new ListTopicsQuery(minLogPosition)) };
  }

  @Get(':slug')
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary('Get a topic')
  @slugParam
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'Topic', 'The topic.')
  @ApiProblems(...READ_PROBLEMS, [404, 'No such topic.'])
  async get(@Param('slug') slug: string, @Query() query: unknown) {
    const { minLogPosition } = parseQuery(query, MIN_LOG_POSITION_QUERY);
    const topic = await this.queries.execute(new GetTopicQuery(slugOf('topic', slug), minLogPosition));
    if (!topic) throw new Problem('not-found', `no topic ${slug}`);
    return topic;
  }
}
