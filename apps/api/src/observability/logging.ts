import type { AppConfig } from '@app/platform';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's
 * X-Correlation-Id / X-Request-Id when sane, else a new UUID — that is echoed back, logged
 * with each line, and written into the metadata of the events the request appends.
 * Secrets never reach a log line: auth headers and cookies are redacted.
 */
export function loggingModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const candidate = request.headers['x-correlation-id'] ?? request.headers['x-request-id'];
        const id = typeof candidate === 'string' && VALID_ID.test(candidate) ? candidate : randomUUID();
        response.setHeader('X-Correlation-Id', id);
        return id;
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: '[redacted]' },
      // pino-http asks when a request starts (no principal yet) and when it ends: answering
      // nothing at the start spares a child logger per request.
      customProps: (request: IncomingMessage) => {
        const principal = (request as IncomingMessage & { principal?: { name: string } }).principal?.name;
        return (principal === undefined ? undefined : { principal }) as object;
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        // The status is what an operator reads; the twenty-odd security and caching headers
        // every answer carries would make each line ~1.2 kB, and cost their serialisation.
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  });
}
