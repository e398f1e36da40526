import type { AppConfig } from '@app/platform';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query parameters that carry credentials when a client (wrongly) puts them in the URL. */
const SECRET_PARAMETERS = new Set([
  'access_token',
  'token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'auth',
  'authorization',
  'bearer',
  'id_token',
  'refresh_token',
  'client_secret',
  'secret',
  'password',
]);

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).trim().toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/**
 * The URL as logged: the value of every query parameter that may hold a credential is
 * `[redacted]` (the API reads tokens from the Authorization header only, and refuses one in
 * the URL, but the log must not keep it either). The rest of the URL is left byte for byte.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && SECRET_PARAMETERS.has(decodedName(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, start)}?${query.join('&')}`;
}

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's
 * X-Correlation-Id / X-Request-Id when sane, else a new UUID — that is echoed back, logged
 * with each line, and written into the metadata of the events the request appends.
 * Secrets never reach a log line: headers are not logged (auth headers and cookies are
 * redacted should they ever be), nor credentials put in the query string.
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
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: redactUrl(request.url) }),
        // The status is what an operator reads; the twenty-odd security and caching headers
        // every answer carries would make each line ~1.2 kB, and cost their serialisation.
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  });
}
