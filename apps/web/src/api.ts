import { savedToken } from './session.ts';

/** An answer other than 2xx: the API's application/problem+json, as far as it was one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; type?: string } | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

/** Fired on window when the server no longer knows the signed-in token: the app asks for one again. */
export const TOKEN_REFUSED = 'stance-ledger:token-refused';

export type Params = Record<string, string | null | undefined>;

/** GET `path` of this server's public API with the signed-in token; empty parameters are left out. */
export async function apiGet<T>(path: string, params: Params = {}, token = savedToken()): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const url = query.size > 0 ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401 && token === savedToken()) dispatchEvent(new Event(TOKEN_REFUSED)); // revoked since sign-in
  if (!response.ok) throw new ApiError(response.status, body as ApiError['problem']);
  return body as T;
}

export type Role = 'reader' | 'editor' | 'admin';
export interface Me {
  name: string;
  role: Role;
}

/** The fields of a Stance (docs/api.md) the map reads. */
export interface Stance {
  holder: string;
  holderKind: string;
  topic: string;
  target: string | null;
  position: string;
  score: number;
  since: string;
  statementCount: number;
  attribution: string;
}

export interface Topic {
  slug: string;
  title: string;
}

/** An item of GET /v1/stances/history (docs/api.md). */
export interface HistoryItem {
  statementId: string;
  position: string;
  score: number;
  statedAt: string;
  change: 'initial' | 'no_flip' | 'half_flip' | 'full_flop';
  shift: string;
  orderUncertain: boolean;
}

export interface Source {
  url: string | null;
  publisher: string | null;
  title: string | null;
  publishedAt: string | null;
}

/** The fields of a Statement (docs/api.md) the timeline reads. */
export interface Statement {
  actor: { country: string | null; body: string | null; person: string | null; role: string | null };
  attribution: string;
  modality: string;
  summary: string | null;
  quote: string | null;
  sources: Source[];
}

/** A problem+json answer as the editor forms read it (docs/api.md, "Errors"). */
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  /** The domain's refusal, e.g. `STATEMENT.TOPIC_NOT_REGISTERED` (a 422 names no pointer). */
  code?: string;
  duplicateOf?: string;
  errors?: { pointer: string; detail: string; duplicateOf?: string }[];
}

/** The whole problem an ApiError carries (apiGet and apiSend keep every field the server sent). */
export const problemOf = (error: ApiError): Problem => (error.problem ?? {}) as Problem;

/**
 * A write to this server's API with the signed-in token: `body` as JSON, `headers` added
 * (e.g. `If-Match`). Answers the body and the ETag; a non-2xx throws an ApiError carrying the
 * whole problem, its `errors` too.
 */
export async function apiSend<T>(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
  const token = savedToken();
  const response = await fetch(path, {
    method,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (response.status === 401 && token === savedToken()) dispatchEvent(new Event(TOKEN_REFUSED));
  if (!response.ok) throw new ApiError(response.status, answer as ApiError['problem']);
  return { body: answer as T, etag: response.headers.get('ETag') };
}
