import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  EXPORT_FORMATS,
  exportColumns,
  stanceRows,
  statementRows,
  STATEMENT_COLUMNS,
  writeExport,
  type ExportColumns,
  type ExportFormat,
  type LedgerSnapshot,
} from '@app/stances';
import { z } from 'zod';
import { AdmitReads } from '../auth/read-admission.interceptor.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { parseQuery } from '../http/query.js';
import { ApiProblems, ApiQueries, ApiSummary, ApiV1, READ_PROBLEMS } from '../openapi/decorators.js';
import { SCHEMAS } from '../openapi/schemas.js';
import { LIST_QUERY as STANCE_LIST_QUERY, StancesController } from '../stances/stances.controller.js';
import { LIST_QUERY as STATEMENT_LIST_QUERY, StatementsController } from '../statements/statements.controller.js';
import { ApiQueriesOf, cellPathsOfJson } from './export-docs.js';
import { OpenExportQuery } from './export.query-handlers.js';

const MEDIA_TYPES: Record<ExportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };
const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8; header=present', jsonl: 'application/x-ndjson; charset=utf-8' };

const format = z.enum(EXPORT_FORMATS).optional();
/** Refused by name: a client that pages is told why, not just that the parameter is unknown. */
const notPaged = z
  .string()
  .refine(() => false, 'an export is not paged: it answers every matching row at once')
  .optional();
const EXPORT_PARAMETERS = { format, limit: notPaged, cursor: notPaged };

const STATEMENTS_QUERY = STATEMENT_LIST_QUERY.omit({ limit: true, cursor: true }).extend(EXPORT_PARAMETERS);
const STANCES_QUERY = STANCE_LIST_QUERY.extend(EXPORT_PARAMETERS);

/** A Stance's columns, from its documented schema (the one its answers are checked against). */
const STANCE_COLUMNS = exportColumns(cellPathsOfJson(SCHEMAS.Stance, SCHEMAS));

const FORMAT_PARAM = {
  name: 'format',
  required: false,
  description: 'csv (the default) or jsonl; without it, `Accept: application/x-ndjson` asks for jsonl, `Accept: text/csv` for csv.',
  schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'csv' },
  example: 'jsonl',
};

/** The 200 of an export: CSV or JSONL, with the position it was read at and a file name. */
function ApiExportResponse(item: string, columns: string): MethodDecorator {
  return ApiResponse({
    status: 200,
    description: `Every matching row, streamed. CSV (RFC 4180, UTF-8, one header row): ${columns} Empty cell for null. JSONL: one ${item} JSON per line, exactly as the list serves it.`,
    headers: {
      'Ledger-Position': {
        description: 'The log position the export reads the ledger at: the head when it started (the read models had applied it).',
        schema: { type: 'integer', minimum: 0 },
      },
      'Content-Disposition': { description: 'attachment, with a file name such as `statements-42.csv`.', schema: { type: 'string' } },
    },
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string', description: `One ${item} JSON per line.` } },
    },
  });
}

/** `format` when given, else what `Accept` prefers of the two, else CSV. */
function formatOf(asked: ExportFormat | undefined, request: Request): ExportFormat {
  if (asked) return asked;
  return request.accepts([MEDIA_TYPES.csv, MEDIA_TYPES.jsonl]) === MEDIA_TYPES.jsonl ? 'jsonl' : 'csv';
}

/** A write that waits while the client is behind (the socket's buffer full) and says false once it has gone. */
function writeTo(response: Response): (text: string) => Promise<boolean> {
  return async (text) => {
    if (response.writableEnded || response.destroyed) return false;
    if (response.write(text)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
    return !response.destroyed;
  };
}

/**
 * GET /v1/export/statements and /v1/export/stances: every row the matching list would
 * answer, in one streamed answer — read a page at a time from one snapshot of the read
 * models, each page written only once the client has taken the previous one, so memory
 * stays flat however large the ledger.
 */
@Controller('v1/export')
@RequireRole('reader')
@AdmitReads()
@ApiV1('export')
export class ExportController {
  private readonly logger = new Logger('ExportController');

  constructor(private readonly queries: QueryBus) {}

  @Get('statements')
  @ApiSummary(
    'Export statements (CSV or JSONL)',
    'Every statement GET /v1/statements would list with these filters, in its order, without paging (`limit` or `cursor` → 400), as one download.',
  )
  @ApiQueries(FORMAT_PARAM)
  @ApiQueriesOf(StatementsController.prototype.list, ['limit', 'cursor'])
  @ApiExportResponse(
    'Statement',
    "the Statement's fields, nested ones dotted (`actor.country`), the primary source's as `source.*` and `sourceCount`, `score` after `position`, `statedFrom` and `statedTo` (RFC 3339 UTC instants, statedTo exclusive) after `statedAt`.",
  )
  @ApiProblems(...READ_PROBLEMS)
  async statements(@Query() query: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { format: asked, limit: _limit, cursor: _cursor, minLogPosition, ...filter } = parseQuery(query, STATEMENTS_QUERY);
    await this.send('statements', formatOf(asked, request), STATEMENT_COLUMNS, minLogPosition, response, (db) => statementRows(db, filter));
  }

  @Get('stances')
  @ApiSummary(
    'Export stances (CSV or JSONL)',
    'Every stance GET /v1/stances would answer with these filters (`asOf`, `knownAt` included), topic by topic in slug order, each topic as the list orders it; `limit` or `cursor` → 400.',
  )
  @ApiQueries(FORMAT_PARAM)
  @ApiQueriesOf(StancesController.prototype.list, ['limit', 'cursor'])
  @ApiExportResponse(
    'Stance',
    "the Stance's fields, then `statedFrom` and `statedTo` of its last statement (RFC 3339 UTC instants, statedTo exclusive) after `statedAt`.",
  )
  @ApiProblems(...READ_PROBLEMS)
  async stances(@Query() query: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { format: asked, limit: _limit, cursor: _cursor, minLogPosition, ...filter } = parseQuery(query, STANCES_QUERY);
    await this.send('stances', formatOf(asked, request), STANCE_COLUMNS, minLogPosition, response, (db) => stanceRows(db, filter));
  }

  private async send(
    name: string,
    format: ExportFormat,
    columns: ExportColumns,
    minLogPosition: number | undefined,
    response: Response,
    rows: (db: LedgerSnapshot['db']) => AsyncIterable<readonly object[]>,
  ): Promise<void> {
    const snapshot: LedgerSnapshot = await this.queries.execute(new OpenExportQuery(minLogPosition));
    let begun = false;
    try {
      await writeExport(format, columns, rows(snapshot.db), {
        begin: () => {
          begun = true;
          response.status(200).set({
            'Content-Type': CONTENT_TYPES[format],
            'Content-Disposition': `attachment; filename="${name}-${snapshot.logPosition}.${format}"`,
            'Ledger-Position': String(snapshot.logPosition),
            Vary: 'Accept',
          });
        },
        write: writeTo(response),
      });
      if (!response.writableEnded) response.end();
    } catch (error) {
      if (!begun) throw error;
      // The answer has begun: only a cut-off body (no final chunk) can tell the client it is incomplete.
      this.logger.error(`export of ${name} failed after it began: ${(error as Error).message}`);
      response.destroy();
    } finally {
      await snapshot.close();
    }
  }
}
