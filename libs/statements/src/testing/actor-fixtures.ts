import type { RegisteredActor } from '../actors/actor.types.js';

/** The contract's two sample actors, as registered and as answered: an organization of countries, and a body of one country. */
export const AUKUS: RegisteredActor = { slug: 'aukus', name: 'AUKUS', kind: 'organization', country: null, members: ['AUS', 'GBR', 'USA'], description: null };

export const COMMONS_COMMITTEE: RegisteredActor = {
  slug: 'gbr-commons-fac',
  name: 'House of Commons Foreign Affairs Committee',
  kind: 'legislature',
  country: 'GBR',
  members: [],
  description: null,
};
