import { apiGet, type Topic } from '../api.ts';

export interface Country {
  code: string;
  name: string;
  former: boolean;
}
export interface Actor {
  slug: string;
  name: string;
  kind: string;
}
export interface CameoCode {
  code: string;
  description: string;
}

/** What the pickers offer: the countries and actors a holder or target may name, the topics, the CAMEO codebook. */
export interface Reference {
  countries: Country[];
  actors: Actor[];
  topics: Topic[];
  cameo: CameoCode[];
}

let codebook: Promise<CameoCode[]> | null = null;

/** The CAMEO codebook: fixed reference data the server ships, read once per page load (again after a failed read). */
export function cameoCodebook(): Promise<CameoCode[]> {
  codebook ??= apiGet<{ items: CameoCode[] }>('/v1/reference/cameo').then(
    (answer) => answer.items,
    (error: unknown) => {
      codebook = null;
      throw error;
    },
  );
  return codebook;
}

export async function loadReference(): Promise<Reference> {
  const [countries, actors, topics, cameo] = await Promise.all([
    apiGet<{ items: Country[] }>('/v1/reference/countries'),
    apiGet<{ items: Actor[] }>('/v1/actors'),
    apiGet<{ items: Topic[] }>('/v1/topics'),
    cameoCodebook(),
  ]);
  return { countries: countries.items, actors: actors.items, topics: topics.items, cameo };
}

/** The codes a search finds: a code's beginning (`03`, `0312`), or every word in its description. At most `limit`. */
export function searchCameo(codebook: CameoCode[], query: string, limit = 12): CameoCode[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  if (/^\d+$/.test(query.trim())) return codebook.filter((item) => item.code.startsWith(query.trim())).slice(0, limit);
  return codebook.filter((item) => words.every((word) => item.description.toLowerCase().includes(word))).slice(0, limit);
}
