import { Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Problem, validationProblem } from './problem.js';

const parseJson = express.json({ limit: '1mb', strict: true, type: () => true });
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
/** Far deeper than any body the API takes (a batch item's fields sit at depth 4). */
const MAX_DEPTH = 32;

/**
 * Whether a parsed body nests objects or arrays deeper than `limit`. Iterative: JSON.parse
 * builds a 500 000-deep array from 1 MiB, and recursive code after it (the Idempotency-Key's
 * RFC 8785 hash) would overflow the stack on it.
 */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Writes take JSON only (else 415), at most 1 MiB (else 413), nested at most 32 deep (else
 * 400), and no query parameters (400). Running the parser as Nest middleware routes its
 * errors through the one problem+json filter.
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
    parseJson(request, response, (error?: unknown) => {
      if (error) return next(error);
      if (nestedDeeperThan(request.body, MAX_DEPTH)) {
        return next(validationProblem([{ pointer: '', detail: `nested deeper than ${MAX_DEPTH} levels` }]));
      }
      next();
    });
  }
}
