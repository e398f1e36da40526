import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller.js';
import { CreateStatements1765200000000 } from './migrations/1765200000000-create-statements.js';
import { RecordStatementHandler } from './record-statement.handler.js';
import { StatementEntity } from './statement.entity.js';
import { StatementsController } from './statements.controller.js';

@Module({
  imports: [
    LoggerModule.forRoot({ pinoHttp: { level: process.env.LOG_LEVEL ?? 'info' } }),
    CqrsModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [StatementEntity],
      // The one table comes from a migration run at start (never `synchronize`).
      migrations: [CreateStatements1765200000000],
      migrationsRun: true,
    }),
    TypeOrmModule.forFeature([StatementEntity]),
  ],
  controllers: [StatementsController, HealthController],
  providers: [RecordStatementHandler],
})
export class AppModule {}
