import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { classifyDatabaseError, EventLogReader } from '@app/event-store';
import type { Request, Response } from 'express';
import type pg from 'pg';
import { ApiKeyRegistry } from '../auth/api-keys.js';
import { ApiJsonResponse, ApiPublic, ApiSummary } from '../openapi/decorators.js';
import { headerRef, ref } from '../openapi/schemas.js';
import { LedgerRuntime } from '@app/runtime';
import { Overload } from '../runtime/overload.js';

const MAX_LAG_MS = 5000;

@Controller('health')
@ApiPublic('operations')
export class HealthController {
  /** The log on /health's own connection: a busy readers' pool cannot make the database look down. */
  private readonly log: EventLogReader;
  private checking: Promise<Check> | null = null;

  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly overload: Overload,
    private readonly keys: ApiKeyRegistry,
  ) {
    this.log = new EventLogReader(runtime.healthPool);
  }

  /** Liveness: the process runs. */
  @Get('live')
  @ApiSummary('Liveness', 'Answers 200 while the process runs. No token.')
  @ApiJsonResponse(200, 'Liveness', 'The process runs.')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers, the projections have caught up with the log head
   * that existed at start, none has failed, the oldest event not yet projected is no
   * older than 5 s, and no request was refused as "busy" in the last second. A projector
   * retrying a busy or unreachable database has not failed: that shows as lag.
   */
  @Get()
  @ApiSummary(
    'Readiness',
    'Answers 200 only when the server can take writes and serve reads: after start once the projections have caught up with the log head that existed at start; later while no projection has failed or lags more than 5 s behind the head. No token.',
  )
  @ApiJsonResponse(200, 'Readiness', 'Ready.')
  @ApiResponse({
    status: 503,
    description:
      'Not ready: `readiness` says why — `starting`, `lagging`, `busy` (requests are being refused for want of a free database connection; the database itself answers), or `unavailable` (a failed projection, or the database does not answer). The problem also carries head and projection; internal error text only for an admin token.',
    headers: { 'Retry-After': headerRef('RetryAfter') },
    content: { 'application/problem+json': { schema: ref('Problem') } },
  })
  async ready(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const check = await this.check();
    // Internal error text (a failed projection's, the database's) only to an admin token:
    // anyone may call /health, and such text tells an attacker what the server runs on.
    const body = this.isAdmin(request) ? { ...check.public, internal: check.internal } : check.public;
    if (body.status !== 'ok') {
      const { status, reason, ...rest } = body;
      response.status(503).setHeader('Retry-After', '1');
      response.type('application/problem+json');
      return { type: 'urn:stance-ledger:unavailable', title: 'Service unavailable', status: 503, detail: reason, readiness: status, ...rest };
    }
    return body;
  }

  /** Concurrent calls share one check: /health costs one connection however often it is called. */
  private check(): Promise<Check> {
    this.checking ??= this.run().finally(() => (this.checking = null));
    return this.checking;
  }

  private async run(): Promise<Check> {
    const projector = this.runtime.projections.status;
    const failed = projector.failed ? { logPosition: projector.failed.logPosition } : null;
    let head: number;
    let oldestPending: string | null = null;
    try {
      head = (await this.log.head()).logPosition;
      if (head > projector.logPosition) {
        const [next] = await this.log.readAll({ after: projector.logPosition, limit: 1 });
        oldestPending = next?.metadata.recordedAt ?? null;
      }
    } catch (error) {
      // On a connection of its own, so waiting behind busy readers is not what failed here.
      const busy = classifyDatabaseError(error) === 'busy';
      return {
        public: {
          status: busy ? 'busy' : 'unavailable',
          reason: busy ? 'the database has no connection to spare' : 'the database does not answer',
          head: null,
          projection: { logPosition: projector.logPosition, failed },
        },
        internal: { database: messageOf(error), projection: projector },
      };
    }
    const lagMs = oldestPending ? Math.max(0, Date.now() - Date.parse(oldestPending)) : 0;
    const base = { head, projection: { logPosition: projector.logPosition, lagMs, failed } };
    const internal = { projection: projector, pools: this.pools() };
    const answer = (status: Readiness, reason: string): Check => ({ public: { status, reason, ...base }, internal });
    if (projector.failed) return answer('unavailable', `projection failed at logPosition ${projector.failed.logPosition}`);
    if (projector.logPosition < this.runtime.startHead) {
      return answer('starting', `projections catching up (${projector.logPosition}/${this.runtime.startHead})`);
    }
    if (lagMs > MAX_LAG_MS) return answer('lagging', `projections lag ${lagMs} ms behind the log head`);
    if (this.overload.busy) return answer('busy', 'the server is busy: requests are being refused for want of a free database connection');
    return answer('ok', 'ready');
  }

  private pools() {
    const stats = (pool: pg.Pool) => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { readers: stats(this.runtime.pool), projector: stats(this.runtime.projectorPool) };
  }

  private isAdmin(request: Request): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return match !== null && this.keys.authenticate(match[1])?.role === 'admin';
  }
}

type Readiness = 'ok' | 'starting' | 'lagging' | 'busy' | 'unavailable';

interface Check {
  /** What anyone may see: readiness, head, the projection's position, lag and where it failed. */
  public: {
    status: Readiness;
    reason: string;
    head: number | null;
    projection: { logPosition: number; lagMs?: number; failed: { logPosition: number } | null };
  };
  /** The rest, for an admin token: error text, whether the projector is retrying, the pools. */
  internal: Record<string, unknown>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
