/**
 * The typical NestJS service (issue 18): what a team would write instead of Stance Ledger
 * for POST /v1/statements — express, a CQRS command handler, zod validation, pino-http at
 * info and one TypeORM `save` per request. The benchmark's peer; see BENCHMARKS.md.
 * Environment: DATABASE_URL, PORT, LOG_LEVEL (default info).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule, { bufferLogs: true });
app.useLogger(app.get(Logger));
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
process.stderr.write(`typical NestJS peer listening on ${await app.getUrl()}\n`);
