import { TOPIC_SLUG, TOPIC_SLUG_MAX } from '@app/statements';
import type { CommandContext } from '@app/ledger';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { correlationIdOf } from '../ledger/correlation.js';
import { Problem } from './problem.js';

/** What the registries (topics, actors) share in their routes: slugs in paths, and writes without an Idempotency-Key. */

/** A path's slug; one that cannot exist names no `what` (topic, actor): 404 without asking the database. */
export function slugOf(what: 'topic' | 'actor', slug: string): string {
  if (!TOPIC_SLUG.test(slug) || slug.length > TOPIC_SLUG_MAX) throw new Problem('not-found', `no ${what} ${JSON.stringify(slug)}`);
  return slug;
}

/** The context of a registry write: who and which request; registering or revising takes no Idempotency-Key. */
export function registryContextOf(request: AuthenticatedRequest): CommandContext {
  return { principal: request.principal!, correlationId: correlationIdOf(request), idempotency: null };
}
