import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { classifyDatabaseError } from '@app/event-store';
import type { Request, Response } from 'express';
import { Overload } from '../runtime/overload.js';
import { bodyUnread } from './body-reader.js';
import { closeAfterAnswer } from './linger.js';
import { presentProblem } from './presenter.js';
import { Problem, validationProblem, type ProblemType } from './problem.js';
import { allowedMethods } from './route-table.js';

/**
 * The one place errors become HTTP answers: every 4xx/5xx leaves as
 * application/problem+json (RFC 9457); nothing internal leaks into `detail`.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly overload: Overload) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (problem.problemType === 'internal') {
      this.logger.error({ err: exception, path: request.path }, 'unhandled error');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(problem.extras.headers ?? {})) response.setHeader(name, value);
    // Refused before its body was read (401 before authentication, 413 at the limit, 408 at
    // the deadline, 415, …): the connection closes under the rest, which is never read.
    if (bodyUnread(request)) closeAfterAnswer(request, response);
    response.status(problem.getStatus()).type('application/problem+json').send(JSON.stringify(problem.toBody()));
  }

  private toProblem(exception: unknown, request: Request): Problem {
    if (exception instanceof Problem) return exception;
    const refusal = presentProblem(exception);
    if (refusal) return refusal;
    const database = classifyDatabaseError(exception);
    if (database === 'busy') {
      // Overload, not an outage: no connection of this request's pool came free in time
      // (or PostgreSQL had none to spare). Say so, so that nobody goes looking for a dead database.
      this.overload.refusedBusy();
      return new Problem('unavailable', 'the server is busy; try again shortly', { headers: { 'Retry-After': '1' } });
    }
    if (database === 'down') {
      return new Problem('unavailable', 'the database is unavailable; try again shortly', { headers: { 'Retry-After': '2' } });
    }
    // Nest hands body-parser's and Express's own errors over as HttpExceptions; the cause says which.
    const cause = exception instanceof HttpException && exception.cause !== undefined ? exception.cause : exception;
    if (cause !== exception && cause instanceof URIError) {
      // Express could not percent-decode a path parameter.
      return validationProblem([{ pointer: '/path', detail: 'the path is not valid percent-encoded UTF-8' }]);
    }
    const bodyError = cause as { type?: string; status?: number };
    // body-parser's errors carry a `type`, but for a body that does not decompress (a zlib error given a status).
    if (typeof bodyError.status === 'number' && (typeof bodyError.type === 'string' || cause !== exception)) {
      switch (bodyError.type) {
        case 'entity.too.large':
          return new Problem('payload-too-large', 'the request body is larger than 1 MiB');
        case 'entity.parse.failed':
          return validationProblem([{ pointer: '', detail: 'the body is not valid JSON' }], 'the body is not valid JSON');
        case 'encoding.unsupported':
        case 'charset.unsupported':
          return new Problem('unsupported-media-type', 'the body must be UTF-8 JSON');
        default:
          if (bodyError.status >= 400 && bodyError.status < 500) {
            return validationProblem([{ pointer: '', detail: 'the body could not be read' }], 'the body could not be read');
          }
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        const allowed = allowedMethods(request);
        if (allowed.length > 0) {
          return new Problem('method-not-allowed', `${request.method} is not allowed here; use ${allowed.join(', ')}`, {
            headers: { Allow: allowed.join(', ') },
          });
        }
        return new Problem('not-found', `no resource at ${request.path}`);
      }
      const type = STATUS_TYPES[status];
      if (type) return new Problem(type, exception.message);
    }
    return new Problem('internal', 'an unexpected error occurred; it has been logged');
  }
}

const STATUS_TYPES: Record<number, ProblemType> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'unavailable',
};
