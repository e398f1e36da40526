import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { RequireRole } from '../auth/roles.decorator.js';
import { Problem } from '../http/problem.js';
import { integer, parseQuery } from '../http/query.js';
import { ApiProblems, ApiQueries, ApiRequestHeader, ApiSummary, ApiV1, Q } from '../openapi/decorators.js';
import { ref } from '../openapi/schemas.js';
import { z } from 'zod';
import { FeedBroadcaster } from './feed-broadcaster.js';

const FEED_QUERY = z.object({ after: integer(0, Number.MAX_SAFE_INTEGER) });

/**
 * GET /v1/feed — Server-Sent Events: each log event, then a StanceChanged message for
 * every stance it changed. One FeedBroadcaster serves every open feed: this only checks
 * the request and hands the response over.
 */
@Controller('v1/feed')
@RequireRole('reader')
@ApiV1('feed')
export class FeedController {
  constructor(private readonly broadcaster: FeedBroadcaster) {}

  @Get()
  @ApiSummary(
    'Live feed (Server-Sent Events)',
    'For each log event: `event:` its type, `id:` its logPosition, `data:` the Event JSON; then for each stance it changed: `event: StanceChanged`, the same `id:`, `data:` {previous, current}. Starts at the head, or after Last-Event-ID (or `after`); a comment line every 15 s keeps it open. A client that does not keep up (more than 1 MiB waiting) is dropped with the comment `: dropped: too slow; reconnect with Last-Event-ID`. Each key may hold FEED_MAX_PER_KEY feeds open at once.',
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
  @ApiProblems(
    400,
    401,
    [429, 'Too many requests for this API key, or the key already holds FEED_MAX_PER_KEY open feeds (a feed frees its slot when it closes).'],
    [503, 'The server is busy (it already holds FEED_MAX_TOTAL open feeds) or shutting down.'],
  )
  feed(
    @Query() query: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): void {
    const { after } = parseQuery(query, FEED_QUERY);
    let cursor: number | null = after ?? null;
    if (lastEventId !== undefined) {
      if (!/^\d{1,16}$/.test(lastEventId.trim())) {
        throw new Problem('validation', 'Last-Event-ID must be a logPosition', {
          errors: [{ pointer: '/headers/last-event-id', detail: 'expected a logPosition' }],
        });
      }
      cursor = Number(lastEventId.trim());
    }
    if (request.method === 'HEAD') {
      // The headers a GET would send, and no body: a HEAD must end.
      response.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      response.setHeader('Cache-Control', 'no-cache, no-transform');
      response.end();
      return;
    }
    this.broadcaster.subscribe(request.principal!.name, cursor, response);
  }
}
