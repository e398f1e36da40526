import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../http/problem.js';
import { ApiKeyRegistry, type Principal } from './api-keys.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

const CHALLENGE = { headers: { 'WWW-Authenticate': 'Bearer realm="stance-ledger"' } };

/**
 * The one rule for who is calling: `Authorization: Bearer <token>` naming a known key, else
 * a 401 with a Bearer challenge. Read from the headers alone.
 */
export function authenticate(keys: ApiKeyRegistry, header: string | undefined): Principal {
  if (!header) throw new Problem('unauthorized', 'send Authorization: Bearer <token>', CHALLENGE);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A header without the scheme (a bare token, "Basic …") is a mistake of form, not an unknown key: say how to send it.
  if (!match) throw new Problem('unauthorized', 'send Authorization: Bearer <token> (the word Bearer, a space, then the token)', CHALLENGE);
  const principal = keys.authenticate(match[1]);
  if (!principal) throw new Problem('unauthorized', 'the token is not known', CHALLENGE);
  return principal;
}

/**
 * Authenticates every `/v1` request from its headers, before any middleware reads its
 * body (app.module.ts mounts it first), so an anonymous client cannot make the server
 * buffer or parse a single byte it sends: it gets its 401 at once, and the connection is
 * closed under the rest of the body (problem.filter.ts). Every `/v1` route needs a role;
 * the AuthGuard checks it (it needs the route's metadata) against the principal found here.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(private readonly keys: ApiKeyRegistry) {}

  use(request: AuthenticatedRequest, _response: Response, next: NextFunction): void {
    try {
      request.principal = authenticate(this.keys, request.headers.authorization);
    } catch (problem) {
      return next(problem);
    }
    next();
  }
}
