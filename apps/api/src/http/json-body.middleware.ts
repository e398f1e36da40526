import { Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Problem, validationProblem } from './problem.js';

const parseJson = express.json({ limit: '1mb', strict: true, type: () => true });
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/**
 * Writes take JSON only (else 415), at most 1 MiB (else 413), and no query parameters (400). Running the parser as Nest
 * middleware routes its errors through the one problem+json filter.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return next();
    // No write takes query parameters: an unknown one is refused like any unknown field.
    const names = Object.keys(request.query ?? {});
    if (names.length > 0) {
      return next(validationProblem(names.map((name) => ({ pointer: `/query/${name}`, detail: 'unknown query parameter' }))));
    }
    const type = request.headers['content-type'];
    if (!type || !JSON_TYPE.test(type)) {
      return next(new Problem('unsupported-media-type', 'send the body as application/json'));
    }
    parseJson(request, response, next);
  }
}
