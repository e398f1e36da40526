import { isCountryCode, type StatementContent } from '@app/statements';

/** What a statement gives its stance besides its position: the key's holder, and how the last statement was attributed and put. */
export interface StanceFields {
  holder: string;
  attribution: string;
  modality: string;
}

/**
 * TEMPORARY SEAM until the v2 statement fields are on the schema: the holder is the
 * content's `holder` when present, else `actor.country`; attribution `on_record`, modality
 * `firm` by default. The one place that reads them from a statement.
 */
export function stanceFieldsOf(content: Pick<StatementContent, 'actor'>): StanceFields {
  const v2 = content as Pick<StatementContent, 'actor'> & Partial<StanceFields>;
  return { holder: v2.holder ?? content.actor.country, attribution: v2.attribution ?? 'on_record', modality: v2.modality ?? 'firm' };
}

/** A holder is a country's government (an upper-case code) or a registered actor (a lower-case slug; never a code in any case). */
export const isCountryHolder = (holder: string): boolean => isCountryCode(holder);

/** The stance's `country`: its holder when a country, else null (a v1 client's `country` keeps meaning a government). */
export const countryOfHolder = (holder: string): string | null => (isCountryHolder(holder) ? holder : null);

/** TEMPORARY (seam): how a statement was attributed and put, until the statement schema declares them. */
export const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'] as const;
export const MODALITIES = ['firm', 'hedged', 'conditional'] as const;
