import pg from 'pg';
import { verifyCheckpointSignature } from '@app/event-store';
import { demo, mofa } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) await api.call('POST', '/v1/topics', { body: topic });
  const batch = await api.call('POST', '/v1/statements/batch', { body: { statements: demo.statements } });
  expect(batch.status).toBe(201);
  await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, {
    body: { changes: { position: 'supports', actor: { person: 'Cho Tae-yul' } }, reason: 'Named in the follow-up.' },
  });
  await api.call('POST', `/v1/statements/${mofa.statementId}/retraction`, { role: 'admin', body: { reason: 'Duplicate.' } });
});
afterAll(async () => {
  await api.stop();
});

test("a statement's events, oldest first, as stored in the log", async () => {
  const events = (await api.call('GET', `/v1/statements/${mofa.statementId}/events`, { role: 'reader' })).body.items;
  expect(events.map((e: any) => [e.type, e.revision, e.metadata.recordedBy])).toEqual([
    ['StatementRecorded', 0, 'alice'],
    ['StatementCorrected', 1, 'alice'],
    ['StatementRetracted', 2, 'root'],
  ]);
  expect(events[1].data).toEqual({
    statementId: mofa.statementId,
    changes: { position: 'supports', actor: { person: 'Cho Tae-yul' } },
    reason: 'Named in the follow-up.',
  });
});

test('the change log says who recorded, corrected and retracted what, when and why, field by field', async () => {
  const changes = (await api.call('GET', `/v1/audit/changes?country=KOR&topic=aukus-pillar-ii`, { role: 'reader' })).body;
  const mine = changes.items.filter((c: any) => c.statementId === mofa.statementId);
  expect(mine.map((c: any) => [c.type, c.recordedBy, c.reason])).toEqual([
    ['StatementRecorded', 'alice', null],
    ['StatementCorrected', 'alice', 'Named in the follow-up.'],
    ['StatementRetracted', 'root', 'Duplicate.'],
  ]);
  expect(mine[0].changes.every((c: any) => c.old === null)).toBe(true);
  expect(mine[0].changes.find((c: any) => c.field === '/position')).toEqual({ field: '/position', old: null, new: 'considering' });
  expect(mine[1].changes).toEqual([
    { field: '/actor/person', old: null, new: 'Cho Tae-yul' },
    { field: '/position', old: 'considering', new: 'supports' },
  ]);
  expect(mine[2].changes).toEqual([{ field: '/status', old: 'active', new: 'retracted' }]);
  const paged = (await api.call('GET', `/v1/audit/changes?limit=2`, { role: 'reader' })).body;
  expect(paged.items).toHaveLength(2);
  const next = (await api.call('GET', `/v1/audit/changes?limit=2&after=${paged.nextAfter}`, { role: 'reader' })).body;
  expect(next.items[0].logPosition).toBeGreaterThan(paged.items[1].logPosition);
});

test('verify recomputes the chain; a signed checkpoint names the head and verifies with its key', async () => {
  const verified = (await api.call('GET', '/v1/audit/verify', { role: 'reader' })).body;
  const head = (await api.call('GET', '/v1/events?after=0&limit=1000', { role: 'reader' })).body.items.at(-1);
  expect(verified).toEqual({ ok: true, eventsChecked: head.logPosition, head: { logPosition: head.logPosition, hash: head.hash } });
  const checkpoint = (await api.call('GET', '/v1/audit/checkpoint', { role: 'reader' })).body;
  expect(checkpoint).toMatchObject({ logPosition: head.logPosition, hash: head.hash });
  expect(checkpoint.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Buffer.from(checkpoint.publicKey, 'base64url')).toHaveLength(32);
  expect(checkpoint.signature).not.toMatch(/=/);
  expect(verifyCheckpointSignature(checkpoint)).toBe(true);
  expect(verifyCheckpointSignature({ ...checkpoint, logPosition: checkpoint.logPosition + 1 })).toBe(false);
});

describe('tampering directly in PostgreSQL (as superuser, bypassing the trigger) is detected', () => {
  async function tamper(sql: string, params: unknown[] = []) {
    const client = new pg.Client({ connectionString: api.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL session_replication_role = 'replica'");
      await client.query(sql, params);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  }
  const verify = async () => (await api.call('GET', '/v1/audit/verify', { role: 'reader' })).body;

  test('the trigger refuses UPDATE and DELETE for everyone else', async () => {
    const client = new pg.Client({ connectionString: api.db.url });
    await client.connect();
    await expect(client.query(`UPDATE events SET type = 'X' WHERE log_position = 1`)).rejects.toThrow();
    await expect(client.query(`DELETE FROM events WHERE log_position = 1`)).rejects.toThrow();
    await client.end();
  });

  test('a changed payload, then a changed metadata field, each named by logPosition', async () => {
    await tamper(`UPDATE events SET data = jsonb_set(data, '{position}', '"supports"') WHERE log_position = 7`);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidLogPosition: 7 });
    await tamper(`UPDATE events SET data = jsonb_set(data, '{position}', '"considering"') WHERE log_position = 7`);
    expect((await verify()).ok).toBe(true);
    await tamper(`UPDATE events SET metadata = jsonb_set(metadata, '{recordedBy}', '"mallory"') WHERE log_position = 5`);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidLogPosition: 5 });
    await tamper(`UPDATE events SET metadata = jsonb_set(metadata, '{recordedBy}', '"alice"') WHERE log_position = 5`);
    expect((await verify()).ok).toBe(true);
  });
});
