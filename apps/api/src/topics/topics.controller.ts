import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { Problem } from '../http/problem.js';
import { parseQuery } from '../http/query.js';
import { minLogPositionParam } from '../http/query-fields.js';
import { send } from '../http/write-outcome.js';
import type { CommandContext } from '../ledger/command-context.js';
import { correlationIdOf } from '../ledger/correlation.js';
import { RegisterTopicCommand, ReviseTopicCommand } from './topic-commands.js';
import { GetTopicQuery, ListTopicsQuery } from './topic.queries.js';

function contextOf(request: AuthenticatedRequest): CommandContext {
  return { principal: request.principal!, correlationId: correlationIdOf(request), idempotency: null };
}

@Controller('v1/topics')
export class TopicsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireRole('editor')
  async register(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return send(response, await this.commands.execute(new RegisterTopicCommand(body, contextOf(request))));
  }

  @Patch(':slug')
  @RequireRole('editor')
  async revise(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    return send(response, await this.commands.execute(new ReviseTopicCommand(slug, body, contextOf(request))));
  }

  @Get()
  @RequireRole('reader')
  async list(@Query() query: unknown) {
    const { minLogPosition } = parseQuery(query, { minLogPosition: minLogPositionParam });
    return { items: await this.queries.execute(new ListTopicsQuery(minLogPosition)) };
  }

  @Get(':slug')
  @RequireRole('reader')
  async get(@Param('slug') slug: string, @Query() query: unknown) {
    const { minLogPosition } = parseQuery(query, { minLogPosition: minLogPositionParam });
    const topic = await this.queries.execute(new GetTopicQuery(slug, minLogPosition));
    if (!topic) throw new Problem('not-found', `no topic ${slug}`);
    return topic;
  }
}
