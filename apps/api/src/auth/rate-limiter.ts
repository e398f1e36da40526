import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Requests per minute per API key (RATE_LIMIT_PER_MIN; 0 turns limiting off). */
export class RateLimiter {
  private readonly limiter: RateLimiterMemory | null;

  constructor(perMinute: number) {
    this.limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : null;
  }

  /** 0 when allowed, else the seconds to wait (for Retry-After). */
  async take(keyName: string): Promise<number> {
    if (!this.limiter) return 0;
    try {
      await this.limiter.consume(keyName);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }
}
