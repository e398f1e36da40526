import { HttpException } from '@nestjs/common';

/** RFC 9457 problem types of CONTRACT.md ("urn:stance-ledger:" + the slug). */
export type ProblemType =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'duplicate'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  pointer: string;
  detail: string;
  /** A `duplicate` problem's item: the active statement this one repeats. */
  duplicateOf?: string;
}

const STATUS: Record<ProblemType, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  duplicate: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<ProblemType, string> = {
  validation: 'Invalid request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  duplicate: 'Duplicate statement',
  'precondition-failed': 'Precondition failed',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  'rate-limited': 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * Thrown anywhere in the HTTP layer; the one exception filter serialises it. `status` and
 * `title` in the extras override the type's own, for the few answers HTTP fixes a status
 * for that has no type of its own (408, 417): the type stays the contract's closest.
 */
export class Problem extends HttpException {
  constructor(
    readonly problemType: ProblemType,
    detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; status?: number; title?: string; [key: string]: unknown } = {},
  ) {
    super(detail, extras.status ?? STATUS[problemType]);
  }

  toBody(): ProblemBody {
    const { headers: _headers, status: _status, title, ...extensions } = this.extras;
    return {
      type: `urn:stance-ledger:${this.problemType}`,
      title: title ?? TITLE[this.problemType],
      status: this.getStatus(),
      detail: this.message,
      ...extensions,
    };
  }
}

export function validationProblem(errors: FieldError[], detail?: string): Problem {
  const first = errors[0];
  return new Problem('validation', detail ?? (first ? `${first.pointer || '/'}: ${first.detail}` : 'invalid request'), {
    errors,
  });
}
