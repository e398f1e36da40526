import { ApiError, type Statement } from '../api.ts';

/**
 * The API's shapes (docs/api.md) the statement page and the search read, beyond the fields
 * of `Statement` the timeline reads. Kept beside the views, not in api.ts, so the slices of
 * issue 17 built at the same time each add their own shapes without touching one another's.
 */
export interface FullStatement extends Statement {
  statementId: string;
  revision: number;
  status: 'active' | 'retracted';
  holder: string;
  topic: string;
  target: string | null;
  position: string;
  statedAt: string;
  quoteLanguage: string | null;
  cameoCode: string | null;
  utteranceId: string | null;
  recordedAt: string;
  recordedBy: string;
  revisedAt: string;
  revisedBy: string;
}

/** An Event of the hash-chained log. */
export interface LedgerEvent {
  logPosition: number;
  streamId: string;
  revision: number;
  type: string;
  dataHash: string;
  metadata: { recordedBy: string; recordedAt: string };
  prevHash: string;
  hash: string;
}

/** An item of GET /v1/audit/changes: `field` is a JSON Pointer; a recording lists every field with `old: null`. */
export interface Change {
  logPosition: number;
  recordedAt: string;
  recordedBy: string;
  type: string;
  reason: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

/** GET /v1/audit/verify. */
export interface Verification {
  ok: boolean;
  eventsChecked?: number;
  head?: { logPosition: number; hash: string };
  firstInvalidLogPosition?: number;
}

/** GET /v1/audit/checkpoint: the log head, signed. */
export interface Checkpoint {
  logPosition: number;
  hash: string;
  signedAt: string;
  signature: string;
  publicKey: string;
}

/** The `errors` of a 400 problem, by query parameter (`/query/q` → `q`); other pointers under their own name. */
export function queryErrors(error: Error): Map<string, string> {
  const errors = error instanceof ApiError ? (error.problem as { errors?: { pointer?: string; detail?: string }[] } | null)?.errors : undefined;
  return new Map((errors ?? []).map((item) => [(item.pointer ?? '').replace(/^\/query\//, ''), item.detail ?? 'Not valid.']));
}
