import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/platform';
import { AuditController } from './audit/audit.controller.js';
import { CheckpointSigner } from '@app/event-store';
import { LedgerModule } from '@app/ledger';
import type { LedgerRuntime } from '@app/runtime';
import { VerifyRuns } from './audit/verify-runs.js';
import { ApiKeyRegistry } from './auth/api-keys.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthenticationMiddleware } from './auth/authentication.middleware.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { ReadAdmission } from './auth/read-admission.js';
import { EventsController } from './events/events.controller.js';
import { FeedBroadcaster } from './feed/feed-broadcaster.js';
import { FeedController } from './feed/feed.controller.js';
import { HealthController } from './health/health.controller.js';
import { JsonBodyMiddleware } from './http/json-body.middleware.js';
import { ProblemFilter } from './http/problem.filter.js';
import { loggingModule } from './observability/logging.js';
import { Metrics, MetricsMiddleware } from './observability/metrics.js';
import { MetricsController } from './observability/metrics.controller.js';
import { DrainMiddleware, Lifecycle } from './runtime/lifecycle.js';
import { Overload } from './runtime/overload.js';
import { StancesController } from './stances/stances.controller.js';
import { StatementsController } from './statements/statements.controller.js';
import { statementHandlers } from './statements/index.js';
import { TopicsController } from './topics/topics.controller.js';
import { topicHandlers } from './topics/index.js';
import { ActorsController } from './actors/actors.controller.js';
import { actorHandlers } from './actors/index.js';
import { ReferenceController } from './reference/reference.controller.js';
import { ExportController } from './export/export.controller.js';
import { MeController } from './me/me.controller.js';
import { WebController } from './web/web.controller.js';
import { exportHandlers } from './export/export.query-handlers.js';
import { AlignmentController } from './alignment/alignment.controller.js';
import { alignmentHandlers } from './alignment/alignment.query-handlers.js';
import { FlipsController } from './flips/flips.controller.js';
import { flipHandlers } from './flips/flip.query-handlers.js';

/** Longest a read waits for one of its key's slots before 429 (see ReadAdmission). */
const READ_QUEUE_WAIT_MS = 2000;

/** The API's controllers; read-admission.routes.spec.ts walks their routes. */
export const API_CONTROLLERS = [
  HealthController,
  MeController,
  TopicsController,
  ActorsController,
  ReferenceController,
  StatementsController,
  StancesController,
  AlignmentController,
  FlipsController,
  EventsController,
  AuditController,
  FeedController,
  ExportController,
  MetricsController,
  // Last: `/` and `/ui/*`, the browser view's static files (outside /v1, no token).
  WebController,
];

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DrainMiddleware, MetricsMiddleware).forRoutes('*path');
    // Who is calling is settled from the headers before any byte of a body is read; only
    // /v1 routes take bodies, so nothing else reads one (Node discards it after the answer).
    consumer.apply(AuthenticationMiddleware, JsonBodyMiddleware).forRoutes('v1/*path');
  }

  static forRuntime(runtime: LedgerRuntime, keys: ApiKeyRegistry, signer: CheckpointSigner): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The application layer: the command bus and handlers, the writer, idempotency.
        LedgerModule.forRuntime(runtime),
        // The configuration was validated once, before the database started (libs/platform's
        // schema names the variable and the rule); Nest code reads that validated copy
        // through ConfigService, never process.env.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => runtime.config] }),
        loggingModule(runtime.config),
      ],
      controllers: API_CONTROLLERS,
      providers: [
        { provide: ApiKeyRegistry, useValue: keys },
        { provide: CheckpointSigner, useValue: signer },
        {
          provide: RateLimiter,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => new RateLimiter(config.get('RATE_LIMIT_PER_MIN', { infer: true })),
        },
        {
          provide: ReadAdmission,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) =>
            new ReadAdmission(config.get('READ_CONCURRENCY_PER_KEY', { infer: true }), config.get('READ_QUEUE_PER_KEY', { infer: true }), READ_QUEUE_WAIT_MS),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        // Read admission is bound to the read routes themselves (AdmitReads), not here: a
        // global interceptor would put every write through Nest's RxJS interceptor chain too.
        { provide: APP_FILTER, useClass: ProblemFilter },
        Overload,
        Metrics,
        Lifecycle,
        VerifyRuns,
        FeedBroadcaster,
        ...topicHandlers,
        ...actorHandlers,
        ...statementHandlers,
        ...exportHandlers,
        ...alignmentHandlers,
        ...flipHandlers,
      ],
    };
  }
}
