import { DomainError } from '../domain-error.js';

export class TopicAlreadyRegisteredError extends DomainError {
  readonly code = 'TOPIC.ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor(readonly slug: string) {
    super(`topic ${slug} is already registered`);
  }
}

export class TopicNotFoundError extends DomainError {
  readonly code = 'TOPIC.NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly slug: string) {
    super(`no topic ${slug}`);
  }
}
