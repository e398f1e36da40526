/** A topic statements are about; its slug never changes. */
export interface Topic {
  slug: string;
  title: string;
  description: string | null;
}

/** A revision of a topic: the fields sent (description null removes it). */
export interface TopicChanges {
  title?: string;
  description?: string | null;
}
