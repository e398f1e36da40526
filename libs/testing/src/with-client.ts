import pg from 'pg';

/** `work` on a connection of its own to `url`, closed afterwards whatever happens (tests and the benchmark). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
