import type { Position } from '../values/position.value.js';

export interface Actor {
  country: string;
  body: string | null;
  person: string | null;
  role: string | null;
}

export interface Source {
  url: string;
  publisher: string | null;
  publishedAt: string | null;
}

/**
 * What was said, normalised: every optional field present, null when absent (an omitted
 * optional field equals an explicit null), keys in the contract's order, ids lower-case.
 */
export interface StatementContent {
  actor: Actor;
  topic: string;
  target: string | null;
  position: Position;
  statedAt: string;
  summary: string | null;
  quote: string | null;
  quoteLanguage: string | null;
  source: Source;
  cameoCode: string | null;
  utteranceId: string | null;
}

type Patch<T> = { [K in keyof T]?: null extends T[K] ? T[K] : T[K] extends object ? Patch<T[K]> : T[K] };

/**
 * A correction: a JSON merge patch (RFC 7396) over the content. Optional fields may be set
 * to null (removed); required ones may only be replaced; actor and source merge field by field.
 */
export type StatementChanges = Patch<StatementContent>;
