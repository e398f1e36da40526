import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/platform';
import { AuditController } from './audit/audit.controller.js';
import { CheckpointSigner } from '@app/event-store';
import { LedgerModule } from '@app/ledger';
import type { LedgerRuntime } from '@app/runtime';
import { ApiKeyRegistry } from './auth/api-keys.js';
import { AuthGuard } from './auth/auth.guard.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { EventsController } from './events/events.controller.js';
import { FeedController } from './feed/feed.controller.js';
import { HealthController } from './health/health.controller.js';
import { JsonBodyMiddleware } from './http/json-body.middleware.js';
import { ProblemFilter } from './http/problem.filter.js';
import { loggingModule } from './observability/logging.js';
import { Metrics, MetricsMiddleware } from './observability/metrics.js';
import { MetricsController } from './observability/metrics.controller.js';
import { DrainMiddleware, Lifecycle } from './runtime/lifecycle.js';
import { StancesController } from './stances/stances.controller.js';
import { StatementsController } from './statements/statements.controller.js';
import { statementHandlers } from './statements/index.js';
import { TopicsController } from './topics/topics.controller.js';
import { topicHandlers } from './topics/index.js';

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DrainMiddleware, MetricsMiddleware, JsonBodyMiddleware).forRoutes('*path');
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
      controllers: [HealthController, TopicsController, StatementsController, StancesController, EventsController, AuditController, FeedController, MetricsController],
      providers: [
        { provide: ApiKeyRegistry, useValue: keys },
        { provide: CheckpointSigner, useValue: signer },
        {
          provide: RateLimiter,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => new RateLimiter(config.get('RATE_LIMIT_PER_MIN', { infer: true })),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        Metrics,
        Lifecycle,
        ...topicHandlers,
        ...statementHandlers,
      ],
    };
  }
}
