import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LedgerWriter } from '@app/ledger';
import { LedgerRuntime } from '@app/runtime';

/** Prometheus metrics of one process; a fresh registry each, so tests can run several servers. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'stance_ledger_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'stance_ledger_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly appendEvents = new Histogram({
    name: 'stance_ledger_append_unit_events',
    help: 'Events per appended unit (a statement, a batch of up to 100, …)',
    buckets: [1, 2, 5, 10, 25, 50, 100],
    registers: [this.registry],
  });

  constructor(runtime: LedgerRuntime, writer: LedgerWriter) {
    writer.onAppended((events) => this.appendEvents.observe(events));
    collectDefaultMetrics({ register: this.registry, prefix: 'stance_ledger_' });
    new Gauge({
      name: 'stance_ledger_events_total',
      help: 'Events in the log (its head logPosition)',
      registers: [this.registry],
      async collect() {
        this.set((await runtime.events.head()).logPosition);
      },
    });
    new Gauge({
      name: 'stance_ledger_projection_position',
      help: 'logPosition the read models have applied',
      registers: [this.registry],
      collect() {
        this.set(runtime.projections.status.logPosition);
      },
    });
    new Gauge({
      name: 'stance_ledger_projection_lag_events',
      help: 'Events committed to the log but not yet applied to the read models',
      registers: [this.registry],
      async collect() {
        const head = (await runtime.events.head()).logPosition;
        this.set(Math.max(0, head - runtime.projections.status.logPosition));
      },
    });
    new Gauge({
      name: 'stance_ledger_projection_failed',
      help: '1 when a projection has stopped on an event it could not apply',
      registers: [this.registry],
      collect() {
        this.set(runtime.projections.status.failed ? 1 : 0);
      },
    });
  }
}

/** Counts and times every request by its route template (never the raw path: bounded labels). */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      const label = route ? `${request.baseUrl}${route}` : 'unmatched';
      stop({ method: request.method, route: label });
      this.metrics.httpRequests.inc({ method: request.method, route: label, status: String(response.statusCode) });
    });
    next();
  }
}
