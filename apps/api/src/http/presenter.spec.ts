import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from '@app/event-store';
import { IdempotencyKeyInFlightError, InvalidInputError, ReadModelsBehindError, RevisionNoLongerCurrentError } from '@app/ledger';
import {
  InvalidCorrectionError,
  NothingToCorrectError,
  RevisionMismatchError,
  StatementAlreadyRecordedError,
  StatementNotFoundError,
  StatementRetractedError,
  TopicAlreadyRegisteredError,
  TopicNotFoundError,
  TopicNotRegisteredError,
} from '@app/statements';
import { presentProblem } from './presenter.js';

const ID = '52e30963-9eb7-5aa1-b46b-6398cf6164fb';
const fieldErrors = [{ pointer: '/changes/position', detail: 'required' }];

/** Every refusal of the domain and the application layer, as a client sees it. */
const cases: [string, Error, number, string, Record<string, unknown>?][] = [
  ['no such statement', new StatementNotFoundError(ID), 404, 'not-found', { code: 'STATEMENT.NOT_FOUND' }],
  [
    'topic not registered',
    new TopicNotRegisteredError('quad-plus'),
    422,
    'unprocessable',
    { code: 'STATEMENT.TOPIC_NOT_REGISTERED', detail: 'topic quad-plus is not registered; register it first (POST /v1/topics)' },
  ],
  ['id recorded with other content', new StatementAlreadyRecordedError(ID), 409, 'conflict', { code: 'STATEMENT.ALREADY_RECORDED' }],
  ['statement retracted', new StatementRetractedError(ID), 409, 'conflict', { code: 'STATEMENT.RETRACTED' }],
  ['If-Match not current', new RevisionMismatchError(0, 1), 412, 'precondition-failed', { code: 'STATEMENT.REVISION_MISMATCH' }],
  ['correction changes nothing', new NothingToCorrectError(ID), 422, 'unprocessable', { code: 'STATEMENT.NOTHING_TO_CORRECT' }],
  ['corrected statement invalid', new InvalidCorrectionError(fieldErrors), 400, 'validation', { errors: fieldErrors }],
  ['slug taken', new TopicAlreadyRegisteredError('aukus'), 409, 'conflict', { code: 'TOPIC.ALREADY_REGISTERED' }],
  ['no such topic', new TopicNotFoundError('aukus'), 404, 'not-found', { code: 'TOPIC.NOT_FOUND' }],
  ['input does not parse', new InvalidInputError(fieldErrors), 400, 'validation', { errors: fieldErrors, detail: '/changes/position: required' }],
  ['lost the race under If-Match', new RevisionNoLongerCurrentError(3), 412, 'precondition-failed', { detail: 'revision 3 is no longer current' }],
  ['Idempotency-Key in flight', new IdempotencyKeyInFlightError('k'), 409, 'conflict'],
  ['Idempotency-Key reused', new IdempotencyKeyReusedError('k'), 422, 'unprocessable'],
  ['lost the race without If-Match', new WrongExpectedRevisionError('statement-x', 0, 1, 0), 409, 'conflict'],
  ['read models behind', new ReadModelsBehindError(42), 503, 'unavailable'],
];

describe('every refusal → its HTTP answer, through the presenter', () => {
  test.each(cases)('%s', (_name, error, status, type, extensions = {}) => {
    const problem = presentProblem(error)!;
    expect(problem.getStatus()).toBe(status);
    expect(problem.toBody()).toMatchObject({ type: `urn:stance-ledger:${type}`, status, ...extensions });
  });

  test('refusals of the application layer carry no domain code; waiting for the read models says when to retry', () => {
    expect(presentProblem(new RevisionNoLongerCurrentError(3))!.toBody()).not.toHaveProperty('code');
    expect(presentProblem(new ReadModelsBehindError(42))!.extras.headers).toEqual({ 'Retry-After': '1' });
  });

  test('anything else is not a refusal (the filter answers 500 or 503)', () => {
    expect(presentProblem(new Error('boom'))).toBeNull();
    expect(presentProblem('a string')).toBeNull();
  });
});
