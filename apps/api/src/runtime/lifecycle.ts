import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../http/problem.js';

/**
 * Graceful shutdown: once draining, new requests get 503 with Retry-After (a load balancer
 * retries them elsewhere) while requests already in flight — writes waiting for their
 * projection included — run to completion.
 */
@Injectable()
export class Lifecycle {
  draining = false;
  inFlight = 0;
  private idle: (() => void)[] = [];

  /** Resolves once no request is in flight, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  finished(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

@Injectable()
export class DrainMiddleware implements NestMiddleware {
  constructor(private readonly lifecycle: Lifecycle) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (this.lifecycle.draining && !request.path.startsWith('/health/live')) {
      response.setHeader('Connection', 'close');
      return next(new Problem('unavailable', 'the server is shutting down; retry on another instance', { headers: { 'Retry-After': '1' } }));
    }
    this.lifecycle.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.lifecycle.finished();
    };
    response.on('finish', finish);
    response.on('close', finish);
    next();
  }
}
