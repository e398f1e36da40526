import { actorStreamId, namesCountry } from '@app/statements';
import type { LedgerWriter } from '../ledger-writer.js';

/**
 * Which of these holders and targets name a registered actor: the actor slugs among them
 * (a country code needs no registration) whose stream exists. decide refuses the others (422).
 */
export async function registeredActorsAmong(writer: LedgerWriter, named: readonly (string | null | undefined)[]): Promise<ReadonlySet<string>> {
  const slugs = [...new Set(named.filter((value): value is string => typeof value === 'string' && !namesCountry(value)))];
  const exists = await Promise.all(slugs.map((slug) => writer.streamExists(actorStreamId(slug))));
  return new Set(slugs.filter((_, index) => exists[index]));
}
