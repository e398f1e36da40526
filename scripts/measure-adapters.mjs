// Nest's HTTP adapters side by side, nothing else: the same one-controller Nest app on
// @nestjs/platform-express and on @nestjs/platform-fastify, each a child process, driven in
// turn (interleaved short rounds) with autocannon at 32 clients: `POST /echo` with a ~1 kB
// JSON statement body (parsed by the adapter, answered 201 with it) and `GET /live`.
// What the adapter alone costs per request, before any of the product's work.
//   node scripts/measure-adapters.mjs [--rounds 6] [--seconds 4] [--clients 32]
// (The script runs itself as the server child with `--serve express|fastify --port N`.)
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    port: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '4' },
    clients: { type: 'string', default: '32' },
  },
});

async function serve(adapterName, port) {
  const { Body, Controller, Get, HttpCode, Module, Post } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  class Probe {
    live() {
      return { status: 'ok' };
    }
    echo(body) {
      return body;
    }
  }
  Get('live')(Probe.prototype, 'live', Object.getOwnPropertyDescriptor(Probe.prototype, 'live'));
  Post('echo')(Probe.prototype, 'echo', Object.getOwnPropertyDescriptor(Probe.prototype, 'echo'));
  HttpCode(201)(Probe.prototype, 'echo', Object.getOwnPropertyDescriptor(Probe.prototype, 'echo'));
  Body()(Probe.prototype, 'echo', 0);
  Controller()(Probe);
  class ProbeModule {}
  Module({ controllers: [Probe] })(ProbeModule);
  let adapter;
  if (adapterName === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    adapter = new FastifyAdapter();
  } else {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    adapter = new ExpressAdapter();
  }
  const app = await NestFactory.create(ProbeModule, adapter, { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  process.stdout.write('ready\n');
}

if (values.serve) {
  await serve(values.serve, values.port);
} else {
  const autocannon = (await import('autocannon')).default;
  const { freePort } = await import('../dist/libs/platform/src/index.js');
  const { loadCameoCodebook } = await import('../dist/libs/platform/src/index.js');
  const { LedgerGenerator } = await import('../dist/libs/testing/src/index.js');
  loadCameoCodebook();
  const body = JSON.stringify(new LedgerGenerator(7, 1000).statementBody({ statedAt: '2026-12-01' }));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const cpuOf = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  const servers = [];
  for (const name of ['express', 'fastify']) {
    const port = await freePort();
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', name, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`${name} exited ${code}`)));
    });
    servers.push({ name, child, url: `http://127.0.0.1:${port}` });
  }
  const cannon = (url, request) =>
    new Promise((resolve, reject) =>
      autocannon(
        { url, connections: Number(values.clients), duration: Number(values.seconds), headers: { 'content-type': 'application/json' }, requests: [request] },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
  const requests = { post: { method: 'POST', path: '/echo', body }, live: { method: 'GET', path: '/live' } };
  const results = {};
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const [what, request] of Object.entries(requests)) {
        for (const server of round % 2 ? servers : [...servers].reverse()) {
          await cannon(server.url, request); // warm-up round, dropped
          const before = cpuOf(server.child.pid);
          const result = await cannon(server.url, request);
          const ok = result['2xx'];
          const line = { perSec: ok / result.duration, p99: result.latency.p99, cpuUs: ((cpuOf(server.child.pid) - before) / ok) * 1e6 };
          (results[`${what} ${server.name}`] ??= []).push(line);
          process.stdout.write(
            `round ${round} ${what} ${server.name}: ${line.perSec.toFixed(0)}/s p99 ${line.p99} ms, ${line.cpuUs.toFixed(0)} µs CPU/request, non-2xx ${result.non2xx} | load ${load()}\n`,
          );
        }
      }
    }
  } finally {
    for (const server of servers) server.child.kill();
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  for (const what of Object.keys(requests)) {
    const express = results[`${what} express`];
    const fastify = results[`${what} fastify`];
    const ratio = median(fastify.map((r, i) => r.perSec / express[i].perSec));
    const cpu = median(fastify.map((r, i) => r.cpuUs / express[i].cpuUs));
    process.stdout.write(
      `${what}: express ${median(express.map((r) => r.perSec)).toFixed(0)}/s (${median(express.map((r) => r.cpuUs)).toFixed(0)} µs CPU), fastify ${median(fastify.map((r) => r.perSec)).toFixed(0)}/s (${median(fastify.map((r) => r.cpuUs)).toFixed(0)} µs CPU): fastify ÷ express ${ratio.toFixed(2)}× requests/s, ${cpu.toFixed(2)}× CPU per request (medians of paired rounds)\n`,
    );
  }
}
