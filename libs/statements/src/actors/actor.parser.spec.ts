import { parseActor, parseActorRevision } from './actor.parser.js';

const AUKUS = { slug: 'aukus', name: 'AUKUS', kind: 'organization', members: ['AUS', 'GBR', 'USA'] };
const FAC = { slug: 'gbr-commons-fac', name: 'House of Commons Foreign Affairs Committee', kind: 'legislature', country: 'GBR' };

const pointers = (body: unknown) => {
  const parsed = parseActor(body);
  return parsed.ok ? [] : parsed.errors.map((error) => error.pointer);
};

describe('registering an actor: the body', () => {
  it('gives the actor: country null for an organization, members [] for a body, description null when omitted', () => {
    expect(parseActor(AUKUS)).toEqual({ ok: true, value: { ...AUKUS, country: null, description: null } });
    expect(parseActor(FAC)).toEqual({ ok: true, value: { ...FAC, members: [], description: null } });
    expect(parseActor({ ...FAC, members: null }).ok).toBe(true);
    expect(parseActor({ ...FAC, members: [] }).ok).toBe(true);
  });

  it('refuses none and any country code as a slug, in any case', () => {
    for (const slug of ['none', 'kor', 'KOR', 'sun', 'xkx']) expect([slug, pointers({ ...AUKUS, slug })]).toEqual([slug, ['/slug']]);
    expect(pointers({ ...AUKUS, slug: 'kor-assembly' })).toEqual([]);
  });

  it('holds an organization to 2–200 distinct members and no country, and a body to its country and no members', () => {
    expect(pointers({ ...AUKUS, members: ['AUS'] })).toEqual(['/members']);
    expect(pointers({ ...AUKUS, members: ['AUS', 'GBR', 'AUS'] })).toEqual(['/members']);
    expect(pointers({ ...AUKUS, members: ['AUS', 'gbr'] })).toEqual(['/members']);
    expect(pointers({ ...AUKUS, country: 'AUS' })).toEqual(['/country']);
    expect(pointers({ ...FAC, country: null })).toEqual(['/country']);
    expect(pointers({ ...FAC, members: ['GBR', 'IRL'] })).toEqual(['/members']);
    expect(pointers({ ...FAC, kind: 'parliament' })).toEqual(['/kind']);
  });

  it('checks name 1–200, description ≤ 2000 and refuses unknown fields', () => {
    expect(pointers({ ...FAC, name: '', description: 'x'.repeat(2001), holder: 'GBR' })).toEqual(['/holder', '/name', '/description']);
    expect(pointers({ ...FAC, name: '🌏'.repeat(200), description: '🌏'.repeat(2000) })).toEqual([]);
  });
});

describe('revising an actor: the body', () => {
  it('gives only the fields sent; members null means none', () => {
    expect(parseActorRevision({ name: 'AUKUS' })).toEqual({ ok: true, value: { name: 'AUKUS' } });
    expect(parseActorRevision({ members: null, description: null })).toEqual({ ok: true, value: { members: [], description: null } });
  });

  it('refuses changing slug, kind or country, and removing the name', () => {
    const parsed = parseActorRevision({ slug: 'other', kind: 'party', country: 'GBR', name: null });
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.pointer)).toEqual(['/slug', '/kind', '/country', '/name']);
  });
});
