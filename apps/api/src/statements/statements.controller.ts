import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { Problem } from '../http/problem.js';
import { instant, integer, integerOr, parseQuery } from '../http/query.js';
import { countryParam, knownAtParam, minLogPositionParam, targetParam, topicParam, uuidParam } from '../http/query-fields.js';
import { send } from '../http/write-outcome.js';
import type { CommandContext } from '../ledger/command-context.js';
import { correlationIdOf } from '../ledger/correlation.js';
import { IdempotencyKeys } from '../ledger/idempotency.js';
import { RecordBatchCommand } from './record-batch.command.js';
import { RecordStatementCommand } from './record-statement.command.js';
import { ReviseStatementCommand } from './revise-statement.command.js';
import { cursorParam, encodeCursor } from './statement-cursor.js';
import { GetStatementQuery, ListStatementsQuery, StatementEventsQuery } from './statement.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An unknown or malformed id names no statement: 404 either way. */
function statementIdOf(id: string): string {
  if (!UUID.test(id)) throw new Problem('not-found', `no statement ${id}`);
  return id.toLowerCase();
}

/** If-Match: "<revision>" (a weak or list form is refused, since revisions are exact). */
function expectedRevisionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!match) {
    throw new Problem('validation', 'If-Match must be a revision ETag such as "3"', {
      errors: [{ pointer: '/headers/if-match', detail: 'expected "<revision>"' }],
    });
  }
  return Number(match[1]);
}

@Controller('v1/statements')
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  private context(request: AuthenticatedRequest, route: string, body?: unknown): CommandContext {
    const principal = request.principal!;
    return {
      principal,
      correlationId: correlationIdOf(request),
      idempotency:
        body === undefined ? null : this.idempotency.begin(principal.name, route, request.headers['idempotency-key'], body),
    };
  }

  @Post()
  @RequireRole('editor')
  async record(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return send(response, await this.commands.execute(new RecordStatementCommand(body, this.context(request, 'POST /v1/statements', body))));
  }

  @Post('batch')
  @RequireRole('editor')
  async recordBatch(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return send(
      response,
      await this.commands.execute(new RecordBatchCommand(body, this.context(request, 'POST /v1/statements/batch', body))),
    );
  }

  @Post(':id/corrections')
  @RequireRole('editor')
  @HttpCode(200)
  async correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const command = new ReviseStatementCommand('correction', statementIdOf(id), body, expectedRevisionOf(ifMatch), this.context(request, ''));
    return send(response, await this.commands.execute(command));
  }

  @Post(':id/retraction')
  @RequireRole('editor')
  @HttpCode(200)
  async retract(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const command = new ReviseStatementCommand('retraction', statementIdOf(id), body, expectedRevisionOf(ifMatch), this.context(request, ''));
    return send(response, await this.commands.execute(command));
  }

  @Get()
  @RequireRole('reader')
  async list(@Query() query: unknown) {
    const filter = parseQuery(query, {
      country: countryParam.optional(),
      topic: topicParam.optional(),
      target: targetParam.optional(),
      utteranceId: uuidParam.optional(),
      status: z.enum(['active', 'retracted']).optional(),
      from: instant('start').optional(),
      to: instant('end').optional(),
      knownAt: knownAtParam,
      limit: integerOr(1, 500, 100),
      cursor: cursorParam.optional(),
      minLogPosition: minLogPositionParam,
    });
    const page = await this.queries.execute(new ListStatementsQuery(filter));
    return { items: page.items, nextCursor: encodeCursor(page.nextCursor) };
  }

  @Get(':id')
  @RequireRole('reader')
  async get(@Param('id') id: string, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    const { knownAt, minLogPosition } = parseQuery(query, { knownAt: knownAtParam, minLogPosition: minLogPositionParam });
    const statement = await this.queries.execute(new GetStatementQuery(statementIdOf(id), knownAt, minLogPosition));
    if (!statement) throw new Problem('not-found', `no statement ${id}${knownAt ? ` known at ${knownAt}` : ''}`);
    response.setHeader('ETag', `"${statement.revision}"`);
    return statement;
  }

  @Get(':id/events')
  @RequireRole('reader')
  async events(@Param('id') id: string, @Query() query: unknown) {
    parseQuery(query, { minLogPosition: minLogPositionParam });
    const items = await this.queries.execute(new StatementEventsQuery(statementIdOf(id)));
    if (items.length === 0) throw new Problem('not-found', `no statement ${id}`);
    return { items };
  }
}
