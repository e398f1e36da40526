import { parseTopic, parseTopicRevision } from './topic.parser.js';

const TITLE = 'AUKUS Pillar II partnership';

describe('registering a topic: the body', () => {
  it('gives the topic, description null when omitted', () => {
    expect(parseTopic({ slug: 'aukus-pillar-ii', title: TITLE })).toEqual({
      ok: true,
      value: { slug: 'aukus-pillar-ii', title: TITLE, description: null },
    });
  });

  it('checks slug, title 1–200 and description ≤ 2000 code points', () => {
    expect(parseTopic({ slug: 'AUKUS', title: '', description: '🌏'.repeat(2001), owner: 'x' })).toEqual({
      ok: false,
      errors: [
        { pointer: '/owner', detail: 'unknown field' },
        { pointer: '/slug', detail: expect.stringContaining('expected a slug') },
        { pointer: '/title', detail: 'must not be empty' },
        { pointer: '/description', detail: 'must be at most 2000 characters (Unicode code points); got 2001' },
      ],
    });
    expect(parseTopic({ slug: 'a'.repeat(64), title: '🌏'.repeat(200), description: '🌏'.repeat(2000) }).ok).toBe(true);
    expect(parseTopic({ slug: 'a'.repeat(65), title: '🌏'.repeat(201) })).toEqual({
      ok: false,
      errors: [
        { pointer: '/slug', detail: 'must be at most 64 characters (Unicode code points); got 65' },
        { pointer: '/title', detail: 'must be at most 200 characters (Unicode code points); got 201' },
      ],
    });
  });
});

describe('revising a topic: the body', () => {
  it('gives only the fields sent; null removes the description', () => {
    expect(parseTopicRevision({ title: 'New' })).toEqual({ ok: true, value: { title: 'New' } });
    expect(parseTopicRevision({ description: null })).toEqual({ ok: true, value: { description: null } });
    expect(parseTopicRevision({})).toEqual({ ok: true, value: {} });
  });

  it('refuses removing the title and changing the slug', () => {
    expect(parseTopicRevision({ title: null, slug: 'other' })).toEqual({
      ok: false,
      errors: [
        { pointer: '/slug', detail: 'unknown field' },
        { pointer: '/title', detail: 'is required; it cannot be removed' },
      ],
    });
  });
});
