import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** The request's correlation id, as the logging middleware assigned it (see observability/logging.ts). */
export function correlationIdOf(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' ? id : randomUUID();
}
