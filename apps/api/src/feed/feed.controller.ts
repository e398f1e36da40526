import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { RecordedEvent } from '@app/event-store';
import { keysTouchedAt, listStances, type Stance } from '@app/stances';
import type { Request, Response } from 'express';
import { RequireRole } from '../auth/roles.decorator.js';
import { toEventJson } from '../events/event-json.js';
import { Problem } from '../http/problem.js';
import { integer, parseQuery } from '../http/query.js';
import { ApiProblems, ApiQueries, ApiRequestHeader, ApiSummary, ApiV1, Q, READ_PROBLEMS } from '../openapi/decorators.js';
import { ref } from '../openapi/schemas.js';
import { LedgerRuntime } from '@app/runtime';
import { z } from 'zod';

const FEED_QUERY = z.object({ after: integer(0, Number.MAX_SAFE_INTEGER) });

const HEARTBEAT_MS = 15_000;
const PAGE = 500;

/**
 * GET /v1/feed — Server-Sent Events: each log event, then a StanceChanged message for
 * every stance it changed. It follows the projector (stances are read as they stood right
 * after each event), so a message never announces a stance the API cannot yet serve.
 */
@Controller('v1/feed')
@RequireRole('reader')
@ApiV1('feed')
export class FeedController {
  constructor(private readonly runtime: LedgerRuntime) {}

  @Get()
  @ApiSummary(
    'Live feed (Server-Sent Events)',
    'For each log event: `event:` its type, `id:` its logPosition, `data:` the Event JSON; then for each stance it changed: `event: StanceChanged`, the same `id:`, `data:` {previous, current}. Starts at the head, or after Last-Event-ID (or `after`); a comment line every 15 s keeps it open.',
  )
  @ApiRequestHeader('last-event-id', 'Resume after this logPosition (as sent by an EventSource that reconnects); takes precedence over `after`.', {
    type: 'string',
    pattern: '^\\s*[0-9]{1,16}\\s*$',
    examples: ['42'],
  })
  @ApiQueries(Q.after('Start after this logPosition (default: the head, i.e. only new events).', false))
  @ApiResponse({
    status: 200,
    description: 'An endless text/event-stream; each message is described by FeedMessage (its `data:` line holds the JSON).',
    content: { 'text/event-stream': { schema: { type: 'array', items: ref('FeedMessage') } } },
  })
  @ApiProblems(...READ_PROBLEMS)
  async feed(
    @Query() query: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { after } = parseQuery(query, FEED_QUERY);
    let cursor: number;
    if (lastEventId !== undefined) {
      if (!/^\d{1,16}$/.test(lastEventId.trim())) {
        throw new Problem('validation', 'Last-Event-ID must be a logPosition', {
          errors: [{ pointer: '/headers/last-event-id', detail: 'expected a logPosition' }],
        });
      }
      cursor = Number(lastEventId.trim());
    } else {
      cursor = after ?? (await this.runtime.store.head()).logPosition;
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(': stance-ledger feed\n\n');
    let open = true;
    request.on('close', () => {
      open = false;
    });
    while (open) {
      const reached = await this.runtime.projections.waitFor(cursor + 1, HEARTBEAT_MS);
      if (!open) break;
      if (!reached) {
        response.write(': keepalive\n\n');
        continue;
      }
      const limit = Math.min(PAGE, this.runtime.projections.status.logPosition - cursor);
      const events = await this.runtime.store.readAll({ after: cursor, limit });
      for (const event of events) {
        if (!open) break;
        response.write(message(event.type, event.logPosition, toEventJson(event)));
        for (const change of await this.stanceChanges(event)) {
          response.write(message('StanceChanged', event.logPosition, change));
        }
        cursor = event.logPosition;
      }
    }
    response.end();
  }

  private async stanceChanges(event: RecordedEvent): Promise<{ previous: Stance | null; current: Stance | null }[]> {
    if (!event.type.startsWith('Statement')) return [];
    const keys = await keysTouchedAt(this.runtime.pool, String(event.data.statementId), event.logPosition);
    const changes: { previous: Stance | null; current: Stance | null }[] = [];
    for (const key of keys) {
      const [previous = null] = await listStances(this.runtime.pool, { ...key, atLogPosition: event.logPosition - 1 });
      const [current = null] = await listStances(this.runtime.pool, { ...key, atLogPosition: event.logPosition });
      if (JSON.stringify(previous) !== JSON.stringify(current)) changes.push({ previous, current });
    }
    return changes;
  }
}

function message(type: string, id: number, data: unknown): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}
