import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createTestDatabase } from './database.js';

@Controller()
class PingController {
  @Get('ping') ping() {
    return { ok: true };
  }
}
@Module({ controllers: [PingController] })
class PingModule {}

test('toolchain: a Nest app and TypeORM over pg run under Jest ESM', async () => {
  const db = await createTestDatabase();
  const ds = new DataSource({ type: 'postgres', url: db.url });
  await ds.initialize();
  expect(await ds.query('select 1 as x')).toEqual([{ x: 1 }]);
  await ds.destroy();
  const app = await NestFactory.create(PingModule, { logger: false });
  await app.listen(0);
  const res = await fetch(`${await app.getUrl()}/ping`);
  expect(await res.json()).toEqual({ ok: true });
  await app.close();
  await db.drop();
});
