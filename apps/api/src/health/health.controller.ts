import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiJsonResponse, ApiPublic, ApiSummary } from '../openapi/decorators.js';
import { headerRef, ref } from '../openapi/schemas.js';
import { LedgerRuntime } from '@app/runtime';

const MAX_LAG_MS = 5000;

@Controller('health')
@ApiPublic('operations')
export class HealthController {
  constructor(private readonly runtime: LedgerRuntime) {}

  /** Liveness: the process runs. */
  @Get('live')
  @ApiSummary('Liveness', 'Answers 200 while the process runs. No token.')
  @ApiJsonResponse(200, 'Liveness', 'The process runs.')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers, the projections have caught up with the log head
   * that existed at start, none has failed, and the oldest event not yet projected is no
   * older than 5 s.
   */
  @Get()
  @ApiSummary(
    'Readiness',
    'Answers 200 only when the server can take writes and serve reads: after start once the projections have caught up with the log head that existed at start; later while no projection has failed or lags more than 5 s behind the head. No token.',
  )
  @ApiJsonResponse(200, 'Readiness', 'Ready.')
  @ApiResponse({
    status: 503,
    description: 'Not ready: starting, lagging, a failed projection or no database; the problem also carries readiness, head and projection.',
    headers: { 'Retry-After': headerRef('RetryAfter') },
    content: { 'application/problem+json': { schema: ref('Problem') } },
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const status = await this.check();
    if (status.status !== 'ok') {
      response.status(503).setHeader('Retry-After', '1');
      response.type('application/problem+json');
      return {
        type: 'urn:stance-ledger:unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: status.reason,
        readiness: status.status,
        head: 'head' in status ? status.head : null,
        projection: status.projection,
      };
    }
    return status;
  }

  private async check() {
    const projector = this.runtime.projections.status;
    let head: number;
    let oldestPending: string | null = null;
    try {
      head = (await this.runtime.store.head()).logPosition;
      if (head > projector.logPosition) {
        const [next] = await this.runtime.store.readAll({ after: projector.logPosition, limit: 1 });
        oldestPending = next?.metadata.recordedAt ?? null;
      }
    } catch {
      return { status: 'unavailable', reason: 'the database does not answer', projection: projector };
    }
    const lagMs = oldestPending ? Math.max(0, Date.now() - Date.parse(oldestPending)) : 0;
    const base = { head, projection: { logPosition: projector.logPosition, lagMs, failed: projector.failed } };
    if (projector.failed) return { status: 'unavailable', reason: `projection failed at logPosition ${projector.failed.logPosition}`, ...base };
    if (projector.logPosition < this.runtime.startHead) {
      return { status: 'starting', reason: `projections catching up (${projector.logPosition}/${this.runtime.startHead})`, ...base };
    }
    if (lagMs > MAX_LAG_MS) return { status: 'lagging', reason: `projections lag ${lagMs} ms behind the log head`, ...base };
    return { status: 'ok', reason: 'ready', ...base };
  }
}
