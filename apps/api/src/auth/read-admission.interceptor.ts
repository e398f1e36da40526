import { Injectable, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { Problem } from '../http/problem.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { ReadAdmission, ReadRefused } from './read-admission.js';

/**
 * Routes with admission of their own, sized for what they hold: a feed stays open for as
 * long as its client listens, a verify is one shared run per key.
 */
const OWN_ADMISSION = new Set(['/v1/feed', '/v1/audit/verify']);

/**
 * Puts every authenticated read (GET or HEAD under /v1) through ReadAdmission, keyed by
 * the API key's name; writes never pass here, so no amount of reading delays them. Admin
 * keys are not limited, as with RATE_LIMIT_PER_MIN: they are the operators'.
 *
 * A read over its key's share answers 429 `rate-limited` with Retry-After, not 503: it is
 * this client that asks too much at once, the server is fine and serves everyone else (a
 * 503 would tell a load balancer to take a healthy server out). 503 "busy" is left for
 * when the server as a whole has no database connection to give (ProblemFilter).
 */
@Injectable()
export class ReadAdmissionInterceptor implements NestInterceptor {
  constructor(private readonly admission: ReadAdmission) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || !this.admission.enabled) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    if (!principal || principal.role === 'admin') return next.handle();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    if (OWN_ADMISSION.has(route)) return next.handle();
    let release: () => void;
    try {
      release = await this.admission.enter(principal.name);
    } catch (error) {
      if (!(error instanceof ReadRefused)) throw error;
      throw new Problem('rate-limited', `too many reads in flight for this API key; at most ${this.admission.perKey} at once`, {
        headers: { 'Retry-After': '1' },
      });
    }
    return next.handle().pipe(finalize(release));
  }
}

/**
 * Puts a read controller, or one GET route of a controller that also writes, through read
 * admission. Bound route by route rather than as a global interceptor: Nest runs a route
 * without interceptors straight through, but wraps every route that has one, writes
 * included, in an RxJS chain (defer, mergeAll, a ReplaySubject, listeners for the client
 * going away): 3% of a POST's server CPU went to RxJS alone, for nothing (BENCHMARKS.md,
 * issue 13). read-admission.routes.spec.ts checks that every read under `/v1` has it and
 * no write has any interceptor.
 */
export const AdmitReads = () => UseInterceptors(ReadAdmissionInterceptor);
