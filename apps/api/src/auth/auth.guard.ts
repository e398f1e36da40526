import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/platform';
import { Problem } from '../http/problem.js';
import { ApiKeyRegistry, hasRole } from './api-keys.js';
import { authenticate, type AuthenticatedRequest } from './authentication.middleware.js';
import { ROLE_KEY } from './roles.decorator.js';
import { RateLimiter } from './rate-limiter.js';

export type { AuthenticatedRequest } from './authentication.middleware.js';

/**
 * Role check and per-key rate limiting for routes that need a role. The caller was
 * authenticated before its body was read (AuthenticationMiddleware, for every `/v1` route);
 * a route elsewhere that needs a role is authenticated here by the same rule.
 */
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
    const principal = request.principal ?? authenticate(this.keys, request.headers.authorization);
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
