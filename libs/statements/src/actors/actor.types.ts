/** `organization`: several countries acting together; the others: a body of one country that is not its government. */
export const ACTOR_KINDS = ['organization', 'legislature', 'party', 'military', 'subnational', 'judiciary', 'state_media', 'other'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The contract's Actor: a registered stance holder that is not a country's government (`Actor` here is a statement's speaker); slug, kind and country never change. */
export interface RegisteredActor {
  slug: string;
  name: string;
  kind: ActorKind;
  /** The body's country; null for an organization. */
  country: string | null;
  /** An organization's member countries, in the order sent; [] for a body of one country. */
  members: string[];
  description: string | null;
}

/** A revision of an actor: the fields sent (description null removes it). */
export interface ActorChanges {
  name?: string;
  description?: string | null;
  members?: string[];
}
