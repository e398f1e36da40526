import type pg from 'pg';

/**
 * A pooled client for `work`, rolled back if `work` fails inside a transaction it began.
 *
 * Losing PostgreSQL between two queries makes a checked-out client emit 'error'; unheard,
 * that would end the process instead of failing the work (the projector retries it, a
 * rebuild drops its shadow tables, the live ones untouched). A client that broke is
 * destroyed, not returned to the pool.
 */
export async function withPooledClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** `work` in a transaction of its own; `durable: false` commits without waiting for the WAL flush. */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, { durable = true }: { durable?: boolean } = {}): Promise<T> {
  return withPooledClient(pool, async (client) => {
    await client.query(durable ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit = off');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  });
}
