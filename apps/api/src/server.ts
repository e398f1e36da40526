import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { AppModule } from './app.module.js';
import { CheckpointSigner } from '@app/event-store';
import { LedgerRuntime, type RuntimeOptions } from '@app/runtime';
import { FeedBroadcaster } from './feed/feed-broadcaster.js';
import { DeadlineExpressAdapter } from './http/http-adapter.js';
import { securityHeaders } from './http/security-headers.js';
import { ApiKeyRegistry, loadOrCreateAdminKey } from './auth/api-keys.js';
import { setupOpenApi } from './openapi/document.js';
import { listenError, loopbackUrl } from '@app/platform';
import { Lifecycle } from './runtime/lifecycle.js';

/** How long a shutdown waits for requests in flight before closing anyway. */
const SHUTDOWN_GRACE_MS = 20_000;

export interface RunningServer {
  app: NestExpressApplication;
  runtime: LedgerRuntime;
  url: string;
  close(): Promise<void>;
}

/** Starts the runtime and the HTTP API on `config.HOST`:`config.PORT`; used by main.ts and the e2e tests. */
export async function startServer(options: RuntimeOptions = {}): Promise<RunningServer> {
  const runtime = await LedgerRuntime.start(options);
  const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
  const keys = runtime.config.API_KEYS ?? [];
  if (keys.length === 0) {
    const admin = await loadOrCreateAdminKey(runtime.config.DATA_DIR);
    keys.push(admin.key);
    log(`no API_KEYS set: ${admin.created ? 'generated' : 'using'} the admin token in ${admin.file}`);
  }
  const signer = await CheckpointSigner.load(runtime.config.CHECKPOINT_KEY, runtime.config.DATA_DIR);
  const adapter = new DeadlineExpressAdapter({
    requestTimeoutMs: runtime.config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: runtime.config.HTTP_HEADERS_TIMEOUT_MS,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime, new ApiKeyRegistry(keys), signer), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Security headers (helmet's, computed once: http/security-headers.ts).
  app.use(securityHeaders());
  app.set('query parser', 'simple');
  setupOpenApi(app);
  await app.listen(runtime.config.PORT, runtime.config.HOST).catch((error: unknown) => {
    throw listenError(error, runtime.config) ?? error;
  });
  const server = app.getHttpServer() as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.PORT;
  return {
    app,
    runtime,
    url: loopbackUrl(runtime.config.HOST, port),
    async close() {
      const drained = app.get(Lifecycle).drain(SHUTDOWN_GRACE_MS); // refuses new requests at once
      app.get(FeedBroadcaster).endFeeds();
      await drained;
      await app.close();
      await runtime.stop();
    },
  };
}
