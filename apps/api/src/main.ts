import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, startEmbeddedPostgres } from '@app/platform';

@Controller('health')
class HealthController {
  @Get() ready() { return { status: 'ok' }; }
  @Get('live') live() { return { status: 'ok' }; }
}
@Module({ controllers: [HealthController] })
class AppModule {}

const config = loadConfig();
const db = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR, console.error);
const app = await NestFactory.create(AppModule);
await app.listen(config.PORT);
console.error(`listening on ${config.PORT}, db ${db?.port}`);
