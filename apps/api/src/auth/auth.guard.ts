import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/platform';
import type { Request } from 'express';
import { Problem } from '../http/problem.js';
import { ApiKeyRegistry, hasRole, type Principal } from './api-keys.js';
import { ROLE_KEY } from './roles.decorator.js';
import { RateLimiter } from './rate-limiter.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Bearer-token authentication, role check and per-key rate limiting for `/v1`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [context.getHandler(), context.getClass()]);
    if (!role) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const principal = match ? this.keys.authenticate(match[1]) : null;
    const challenge = { headers: { 'WWW-Authenticate': 'Bearer realm="stance-ledger"' } };
    if (!header) throw new Problem('unauthorized', 'send Authorization: Bearer <token>', challenge);
    if (!principal) throw new Problem('unauthorized', 'the token is not known', challenge);
    if (!hasRole(principal, role)) {
      throw new Problem('forbidden', `this needs the ${role} role; the key "${principal.name}" is ${principal.role}`);
    }
    if (principal.role !== 'admin') {
      const retryAfter = await this.limiter.take(principal.name);
      if (retryAfter > 0) {
        throw new Problem('rate-limited', 'too many requests for this API key', {
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    }
    request.principal = principal;
    return true;
  }
}
