/**
 * The served Statement: the current content of a statement plus its ledger bookkeeping.
 * Stored as jsonb (which forgets key order), so `orderStatementView` restores the
 * contract's field order on the way out.
 */
export interface StatementView {
  statementId: string;
  revision: number;
  status: 'active' | 'retracted';
  actor: { country: string; body: string | null; person: string | null; role: string | null };
  topic: string;
  target: string | null;
  position: string;
  statedAt: string;
  summary: string | null;
  quote: string | null;
  quoteLanguage: string | null;
  source: { url: string; publisher: string | null; publishedAt: string | null };
  cameoCode: string | null;
  utteranceId: string | null;
  recordedAt: string;
  recordedBy: string;
  revisedAt: string;
  revisedBy: string;
}

export function orderStatementView(doc: StatementView): StatementView {
  return {
    statementId: doc.statementId,
    revision: doc.revision,
    status: doc.status,
    actor: {
      country: doc.actor.country,
      body: doc.actor.body ?? null,
      person: doc.actor.person ?? null,
      role: doc.actor.role ?? null,
    },
    topic: doc.topic,
    target: doc.target ?? null,
    position: doc.position,
    statedAt: doc.statedAt,
    summary: doc.summary ?? null,
    quote: doc.quote ?? null,
    quoteLanguage: doc.quoteLanguage ?? null,
    source: { url: doc.source.url, publisher: doc.source.publisher ?? null, publishedAt: doc.source.publishedAt ?? null },
    cameoCode: doc.cameoCode ?? null,
    utteranceId: doc.utteranceId ?? null,
    recordedAt: doc.recordedAt,
    recordedBy: doc.recordedBy,
    revisedAt: doc.revisedAt,
    revisedBy: doc.revisedBy,
  };
}
