/** The five positions a statement can take, and their scores. */
export const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'] as const;
export type Position = (typeof POSITIONS)[number];

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

/** What an analyst records about a statement; every optional field present, as null when absent. */
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

/** A JSON merge patch (RFC 7396) over the correctable fields. */
export type StatementChanges = {
  [K in keyof StatementContent]?: StatementContent[K] extends object | null
    ? Partial<Record<string, string | null>> | null
    : StatementContent[K] | null;
};

export interface Topic {
  slug: string;
  title: string;
  description: string | null;
}

export interface TopicChanges {
  title?: string;
  description?: string | null;
}
