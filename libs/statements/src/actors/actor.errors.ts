import { DomainError } from '../domain-error.js';
import type { FieldError } from '../validation/field-error.js';

export class ActorAlreadyRegisteredError extends DomainError {
  readonly code = 'ACTOR.ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor(readonly slug: string) {
    super(`actor ${slug} is already registered`);
  }
}

export class ActorNotFoundError extends DomainError {
  readonly code = 'ACTOR.NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly slug: string) {
    super(`no actor ${slug}`);
  }
}

/** A revision whose members do not fit the actor's kind (an organization keeps 2–200; a body of one country has none). */
export class InvalidActorRevisionError extends DomainError {
  readonly code = 'ACTOR.INVALID_REVISION';
  readonly kind = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.pointer}: ${error.detail}`).join('; '));
  }
}
