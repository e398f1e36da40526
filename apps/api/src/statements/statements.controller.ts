import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { STATEMENT_STATUSES } from '@app/stances';
import { ATTRIBUTIONS, MODALITIES, POSITIONS } from '@app/statements';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { Problem } from '../http/problem.js';
import { instant, integerOr, parseQuery } from '../http/query.js';
import {
  cameoCodeParam,
  countryParam,
  enumListParam,
  filterTextParam,
  holderParam,
  knownAtParam,
  MIN_LOG_POSITION_QUERY,
  minLogPositionParam,
  targetParam,
  topicParam,
  uuidParam,
} from '../http/query-fields.js';
import { presentBatch, presentStatement } from '../http/presenter.js';
import {
  ApiJsonBody,
  ApiJsonResponse,
  ApiPathParam,
  ApiProblems,
  ApiQueries,
  ApiRequestHeader,
  ApiSummary,
  ApiV1,
  Q,
  READ_PROBLEMS,
  WRITE_PROBLEMS,
} from '../openapi/decorators.js';
import { headerRef, ref } from '../openapi/schemas.js';
import {
  CorrectStatement,
  IdempotencyKeys,
  IdempotentCommands,
  RecordBatch,
  RecordStatement,
  RetractStatement,
  validInput,
  type CommandContext,
} from '@app/ledger';
import { parseCorrection, parseRecordStatement, parseRetraction, parseStatementBatch } from '@app/statements';
import { correlationIdOf } from '../ledger/correlation.js';
import { cursorParam, encodeCursor } from './statement-cursor.js';
import { GetStatementQuery, ListStatementsQuery, StatementEventsQuery } from './statement.query-handlers.js';
import { AdmitReads } from '../auth/read-admission.interceptor.js';

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

/** Idempotency-Key: 1–255 visible ASCII characters (several headers are joined with commas). */
function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (key.length < 1 || key.length > 255 || /[^\x20-\x7e]/.test(key)) {
    throw new Problem('validation', 'Idempotency-Key must be 1–255 visible ASCII characters', {
      errors: [{ pointer: '/headers/idempotency-key', detail: '1–255 visible ASCII characters' }],
    });
  }
  return key;
}

const idParam = ApiPathParam('id', 'The statementId (a malformed id names no statement: 404).', ref('Uuid'));
const idempotencyKey = ApiRequestHeader(
  'Idempotency-Key',
  'Makes the request safe to retry: kept ≥ 24 h per API key and route. The same key with the same body returns the first answer again with Idempotent-Replayed: true and writes nothing; with another body → 422; while the first is in flight → 409.',
  { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
);
const ifMatch = ApiRequestHeader(
  'if-match',
  'The revision this change is based on, as the ETag `"<revision>"`; another revision is current → 412, nothing written.',
  {
    type: 'string',
    pattern: '^(W/)?"[0-9]{1,9}"$',
    examples: ['"0"'],
  },
);
const statementHeaders = { Location: headerRef('Location'), ETag: headerRef('ETag'), 'Ledger-Position': headerRef('LedgerPosition') };
const replayHeaders = { ...statementHeaders, 'Idempotent-Replayed': headerRef('IdempotentReplayed') };

/** The list's parameters (the export of the same rows takes them too: apps/api/src/export). */
export const LIST_QUERY = z.object({
  country: countryParam.optional(),
  topic: topicParam.optional(),
  target: targetParam.optional(),
  utteranceId: uuidParam.optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  from: instant('start').optional(),
  to: instant('end').optional(),
  holder: holderParam.optional(),
  position: enumListParam(POSITIONS).optional(),
  attribution: enumListParam(ATTRIBUTIONS).optional(),
  modality: enumListParam(MODALITIES).optional(),
  cameoCode: cameoCodeParam.optional(),
  person: filterTextParam.optional(),
  publisher: filterTextParam.optional(),
  recordedBy: filterTextParam.optional(),
  q: filterTextParam.optional(),
  knownAt: knownAtParam,
  limit: integerOr(1, 500, 100),
  cursor: cursorParam.optional(),
  minLogPosition: minLogPositionParam,
});

const GET_QUERY = z.object({ knownAt: knownAtParam, minLogPosition: minLogPositionParam });

@Controller('v1/statements')
@ApiV1('statements')
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly idempotency: IdempotencyKeys,
    private readonly idempotent: IdempotentCommands,
  ) {}

  private context(request: AuthenticatedRequest, route: string, body?: unknown): CommandContext {
    const principal = request.principal!;
    return {
      principal,
      correlationId: correlationIdOf(request),
      idempotency: body === undefined ? null : this.idempotency.begin(principal.name, route, idempotencyKeyOf(request.headers['idempotency-key']), body),
    };
  }

  @Post()
  @RequireRole('editor')
  @ApiSummary('Record a statement', 'Needs editor. Answers once the read models have applied it.')
  @idempotencyKey
  @ApiJsonBody('StatementInput')
  @ApiJsonResponse(201, 'Statement', 'Recorded.', replayHeaders)
  @ApiJsonResponse(
    200,
    'Statement',
    'This statementId was already recorded with the same content (nothing written), or an Idempotency-Key replay.',
    replayHeaders,
  )
  @ApiProblems(
    ...WRITE_PROBLEMS,
    [409, 'This statementId is recorded with other content, or a request with this Idempotency-Key is still in flight.'],
    [422, 'The topic is not registered, or this Idempotency-Key was used with another body.'],
  )
  async record(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const context = this.context(request, 'POST /v1/statements', body);
    const result = await this.idempotent.execute(context.idempotency, RecordStatement.stored, () => {
      return new RecordStatement(validInput(parseRecordStatement(body, new Date())), context);
    });
    return presentStatement(response, result);
  }

  @Post('batch')
  @RequireRole('editor')
  @ApiSummary('Record up to 100 statements atomically', 'Needs editor. All or nothing; items already recorded with the same content succeed without writing.')
  @idempotencyKey
  @ApiJsonBody('StatementBatch')
  @ApiJsonResponse(201, 'BatchResult', 'Recorded.', { 'Ledger-Position': headerRef('LedgerPosition'), 'Idempotent-Replayed': headerRef('IdempotentReplayed') })
  @ApiJsonResponse(200, 'BatchResult', 'Nothing needed writing, or an Idempotency-Key replay.', {
    'Ledger-Position': headerRef('LedgerPosition'),
    'Idempotent-Replayed': headerRef('IdempotentReplayed'),
  })
  @ApiProblems(
    ...WRITE_PROBLEMS,
    [409, "An item's statementId is recorded with other content (the whole batch fails), or a request with this Idempotency-Key is still in flight."],
    [422, "An item's topic is not registered, or this Idempotency-Key was used with another body."],
  )
  async recordBatch(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const context = this.context(request, 'POST /v1/statements/batch', body);
    const result = await this.idempotent.execute(context.idempotency, RecordBatch.stored, () => {
      return new RecordBatch(validInput(parseStatementBatch(body, new Date())), context);
    });
    return presentBatch(response, result);
  }

  @Post(':id/corrections')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiSummary(
    'Correct a statement',
    'Needs editor. `changes` is a JSON merge patch; a correction that moves the statement to another stance key updates both keys.',
  )
  @idParam
  @ifMatch
  @ApiJsonBody('Correction')
  @ApiJsonResponse(200, 'Statement', 'The new version.', statementHeaders)
  @ApiProblems(...WRITE_PROBLEMS, [404, 'No such statement.'], [409, 'The statement is retracted (or kept changing concurrently).'], 412, [
    422,
    'The correction changes nothing, or names a topic that is not registered.',
  ])
  async correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const statementId = statementIdOf(id);
    const expectedRevision = expectedRevisionOf(ifMatch);
    const { changes, reason } = validInput(parseCorrection(body, new Date()));
    const command = new CorrectStatement(statementId, changes, reason, expectedRevision, this.context(request, ''));
    return presentStatement(response, await this.commands.execute(command));
  }

  @Post(':id/retraction')
  @RequireRole('editor')
  @HttpCode(200)
  @ApiSummary('Retract a statement', 'Needs editor. The statement stops counting for its stance; its history stays.')
  @idParam
  @ifMatch
  @ApiJsonBody('Retraction')
  @ApiJsonResponse(200, 'Statement', 'The new version, status retracted.', statementHeaders)
  @ApiProblems(...WRITE_PROBLEMS, [404, 'No such statement.'], [409, 'The statement is already retracted (or kept changing concurrently).'], 412)
  async retract(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const statementId = statementIdOf(id);
    const expectedRevision = expectedRevisionOf(ifMatch);
    const { reason } = validInput(parseRetraction(body));
    const command = new RetractStatement(statementId, reason, expectedRevision, this.context(request, ''));
    return presentStatement(response, await this.commands.execute(command));
  }

  @Get()
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary(
    'List and search statements',
    'Newest statedFrom first, ties by recording order, newest first; keyset-paginated with `cursor`. Every filter given must match (AND); with `knownAt`, over the versions the ledger knew then.',
  )
  @ApiQueries(
    Q.country("The actor's country."),
    Q.topic(),
    Q.target(),
    Q.utteranceId(),
    Q.status(),
    Q.from('statedFrom'),
    Q.to('statedFrom'),
    Q.holder('Who holds the position: a country code (its government) or an actor slug.'),
    Q.position(),
    Q.statementAttribution(),
    Q.modality(),
    Q.cameoCode(),
    Q.person(),
    Q.publisher(),
    Q.recordedBy('The API key name that recorded the statement (`recordedBy`).'),
    Q.q(),
    Q.knownAt(),
    Q.limit(500),
    Q.cursor(),
    Q.minLogPosition(),
  )
  @ApiJsonResponse(200, 'StatementPage', 'A page of statements.')
  @ApiProblems(...READ_PROBLEMS)
  async list(@Query() query: unknown) {
    const filter = parseQuery(query, LIST_QUERY);
    const page = await this.queries.execute(new ListStatementsQuery(filter));
    return { items: page.items, nextCursor: encodeCursor(page.nextCursor) };
  }

  @Get(':id')
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary('Get a statement', 'Its current version, or with `knownAt` the version the ledger knew then.')
  @idParam
  @ApiQueries(Q.knownAt(), Q.minLogPosition())
  @ApiJsonResponse(200, 'Statement', 'The statement.', { ETag: headerRef('ETag') })
  @ApiProblems(...READ_PROBLEMS, [404, 'No such statement (or not yet known at knownAt).'])
  async get(@Param('id') id: string, @Query() query: unknown, @Res({ passthrough: true }) response: Response) {
    const { knownAt, minLogPosition } = parseQuery(query, GET_QUERY);
    const statement = await this.queries.execute(new GetStatementQuery(statementIdOf(id), knownAt, minLogPosition));
    if (!statement) throw new Problem('not-found', `no statement ${id}${knownAt ? ` known at ${knownAt}` : ''}`);
    response.setHeader('ETag', `"${statement.revision}"`);
    return statement;
  }

  @Get(':id/events')
  @AdmitReads()
  @RequireRole('reader')
  @ApiSummary("A statement's events", 'Oldest first, exactly as stored in the log.')
  @idParam
  @ApiQueries(Q.minLogPosition())
  @ApiJsonResponse(200, 'EventList', "The statement's events.")
  @ApiProblems(...READ_PROBLEMS, [404, 'No such statement.'])
  async events(@Param('id') id: string, @Query() query: unknown) {
    parseQuery(query, MIN_LOG_POSITION_QUERY);
    const items = await this.queries.execute(new StatementEventsQuery(statementIdOf(id)));
    if (items.length === 0) throw new Problem('not-found', `no statement ${id}`);
    return { items };
  }
}
