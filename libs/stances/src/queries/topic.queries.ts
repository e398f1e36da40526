import type pg from 'pg';
import { LIVE_TABLES } from '../read-model-tables.js';

export interface TopicView {
  slug: string;
  title: string;
  description: string | null;
}

export async function listTopics(pool: pg.Pool): Promise<TopicView[]> {
  const { rows } = await pool.query<TopicView>(`SELECT slug, title, description FROM ${LIVE_TABLES.topics} ORDER BY slug`);
  return rows;
}

export async function getTopic(pool: pg.Pool, slug: string): Promise<TopicView | null> {
  const { rows } = await pool.query<TopicView>(`SELECT slug, title, description FROM ${LIVE_TABLES.topics} WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}
