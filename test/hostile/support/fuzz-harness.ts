import fc from 'fast-check';
import pg from 'pg';
import type { RawClient, RawRequest, RawResponse } from './raw-http.js';

/** Every status a request may be refused with (CONTRACT.md, Errors), and its problem type. */
export const REFUSALS: Record<number, string> = {
  400: 'validation',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
};

/** What a request may be answered with, decided just before it is sent (from the ledger's state then). */
export interface Plan {
  /** Every acceptable status; 2xx ones only where the model says the input is valid. */
  statuses: number[];
  /** A 400 must name this pointer among its errors (null: any pointer). */
  pointer?: string | null;
  /** …or one starting with this. */
  pointerPrefix?: string;
  /** Checks a 2xx: `moved` is the number of events it appended. */
  accepted?(response: RawResponse, moved: number, head: number): void | Promise<void>;
}

export interface Built {
  request: RawRequest;
  plan: Plan;
}

/** One generated request; built lazily, so that it can depend on what earlier requests did. */
export class Case {
  private last: RawRequest | null = null;

  constructor(
    readonly label: string,
    private readonly make: () => Built,
    private readonly describe: string,
  ) {}

  build(): Built {
    const built = this.make();
    this.last = built.request;
    return built;
  }

  [fc.toStringMethod](): string {
    const request = this.last;
    if (!request) return `${this.label}: ${this.describe}`;
    const body = request.body === undefined ? '' : String(request.body);
    const preview = body.length > 400 ? `${JSON.stringify(body.slice(0, 400))}… (${body.length} chars)` : JSON.stringify(body);
    return `${this.label}: ${request.method} ${request.path} headers=${JSON.stringify(request.headers ?? {})} body=${preview}`;
  }
}

export function fixed(label: string, request: RawRequest, plan: () => Plan): Case {
  return new Case(label, () => ({ request, plan: plan() }), `${request.method} ${request.path}`);
}

interface LogHead {
  logPosition: number;
  hash: string;
  keys: number;
}

/**
 * Sends cases one by one and checks each answer: never a 5xx, never a hang; a refusal is
 * problem+json of the right type with the status the plan allows, and changed neither
 * the log head (logPosition and hash) nor the stored idempotency keys.
 */
export class FuzzRunner {
  readonly counts = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  total = 0;
  private readonly db: pg.Client;

  constructor(
    private readonly client: RawClient,
    databaseUrl: string,
    private readonly authorization: string,
  ) {
    this.db = new pg.Client({ connectionString: databaseUrl });
  }

  async open(): Promise<void> {
    await this.db.connect();
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  async head(): Promise<LogHead> {
    const { rows } = await this.db.query<{ log_position: string | null; hash: string | null; keys: string }>(
      `SELECT e.log_position, e.hash, (SELECT count(*) FROM idempotency_keys) AS keys
         FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT log_position, hash FROM events ORDER BY log_position DESC LIMIT 1) e ON true`,
    );
    return { logPosition: Number(rows[0].log_position ?? 0), hash: rows[0].hash ?? '', keys: Number(rows[0].keys) };
  }

  /** A fast-check property over `cases`. */
  property(cases: fc.Arbitrary<Case>) {
    return fc.asyncProperty(cases, (fuzzCase) => this.run(fuzzCase));
  }

  async run(fuzzCase: Case): Promise<void> {
    const { request, plan } = fuzzCase.build();
    const before = await this.head();
    const response = await this.client.send({ ...request, headers: { authorization: this.authorization, ...request.headers } });
    this.total += 1;
    this.counts.set(fuzzCase.label, (this.counts.get(fuzzCase.label) ?? 0) + 1);
    this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    const after = await this.head();
    const status = response.status;
    const said = `answered ${status} ${response.text.slice(0, 600)}`;
    if (status >= 500) throw new Error(`a 5xx: ${said}`);
    if (!plan.statuses.includes(status)) throw new Error(`expected one of ${plan.statuses.join(', ')}; ${said}`);
    if (status >= 200 && status < 300) {
      await plan.accepted?.(response, after.logPosition - before.logPosition, after.logPosition);
      return;
    }
    const type = REFUSALS[status];
    if (!type) throw new Error(`not a status of the contract: ${said}`);
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) throw new Error(`not problem+json: ${said}`);
    const problem = response.json;
    if (
      !problem ||
      problem.type !== `urn:stance-ledger:${type}` ||
      problem.status !== status ||
      typeof problem.title !== 'string' ||
      typeof problem.detail !== 'string'
    ) {
      throw new Error(`not a well-formed ${type} problem: ${said}`);
    }
    if (status === 405 && !response.headers.allow) throw new Error(`a 405 without Allow: ${said}`);
    if (status === 400) {
      const errors = problem.errors;
      if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e: any) => typeof e.pointer === 'string' && typeof e.detail === 'string')) {
        throw new Error(`a 400 without errors[{pointer, detail}]: ${said}`);
      }
      const pointers = errors.map((e: { pointer: string }) => e.pointer);
      if (plan.pointer && !pointers.includes(plan.pointer)) throw new Error(`the errors do not name ${plan.pointer}: ${said}`);
      if (plan.pointerPrefix && !pointers.some((p: string) => p.startsWith(plan.pointerPrefix!))) {
        throw new Error(`no error under ${plan.pointerPrefix}: ${said}`);
      }
    }
    if (after.logPosition !== before.logPosition || after.hash !== before.hash || after.keys !== before.keys) {
      throw new Error(
        `a refused request changed the ledger: head ${before.logPosition}/${before.keys} keys → ${after.logPosition}/${after.keys} keys; ${said}`,
      );
    }
  }

  /** Requests by endpoint group (the label up to its colon) and by status; FUZZ_VERBOSE=1 lists every label. */
  summary(): string {
    const groups = new Map<string, number>();
    for (const [label, n] of this.counts) {
      const group = label.split(':')[0];
      groups.set(group, (groups.get(group) ?? 0) + n);
    }
    const list = (entries: [string | number, number][]) => entries.map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`).join('\n');
    const labels = process.env.FUZZ_VERBOSE ? `\nby case:\n${list([...this.counts].sort((a, b) => b[1] - a[1]))}` : '';
    return (
      [
        `requests fuzzed: ${this.total}`,
        `by status:\n${list([...this.statuses].sort((a, b) => a[0] - b[0]))}`,
        `by endpoint:\n${list([...groups].sort((a, b) => b[1] - a[1]))}`,
      ].join('\n') + labels
    );
  }
}
