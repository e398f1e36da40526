import { languageTagRule } from './language-tag.value.js';
import { POSITIONS, positionRule, scoreOf, toPosition } from './position.value.js';
import { publishedAtRule } from './published-at.value.js';
import { sourceUrlRule } from './source-url.value.js';
import { topicSlugRule } from './topic-slug.value.js';
import { uuidRule } from './uuid.value.js';

describe('source.url', () => {
  it.each(['https://koreajoongangdaily.joins.com/news/2024-04-10/x', 'http://example.org', 'HTTPS://EXAMPLE.ORG/a?b=c#d', 'https://[::1]:8080/'])(
    'accepts %s as sent',
    (url) => {
      expect(sourceUrlRule(url)).toEqual({ ok: true, value: url });
    },
  );

  it.each([
    'ftp://example.org/x',
    'mailto:a@example.org',
    '/relative/path',
    'example.org',
    'https:example.org',
    'https://',
    'https://exa mple.org',
    ' https://example.org',
    'https://example.org/\n',
  ])('refuses %j', (url) => {
    expect(sourceUrlRule(url)).toEqual({ ok: false, detail: 'expected an absolute http(s) URL' });
  });

  it('is at most 2048 code points', () => {
    const base = 'https://example.org/';
    expect(sourceUrlRule(base + 'a'.repeat(2048 - base.length)).ok).toBe(true);
    expect(sourceUrlRule(base + 'a'.repeat(2049 - base.length))).toEqual({ ok: false, detail: expect.stringContaining('at most 2048') });
  });
});

describe('source.publishedAt', () => {
  it.each(['2024-04-10', '2024-04-10T08:00:00+09:00'])('accepts %s as sent', (value) => {
    expect(publishedAtRule(value)).toEqual({ ok: true, value });
  });

  it.each(['2024', '2024-04'])('v2: accepts %s (every precision statedAt takes), kept as sent', (value) => {
    expect(publishedAtRule(value)).toEqual({ ok: true, value });
  });

  it.each(['2024-02-30', 'yesterday', '2024-13', '2024/2025'])('refuses %s', (value) => {
    expect(publishedAtRule(value).ok).toBe(false);
  });
});

describe('quoteLanguage', () => {
  it.each(['ko', 'en-GB', 'zh-Hant-TW', 'en-us'])('accepts the BCP 47 tag %s as sent', (tag) => {
    expect(languageTagRule(tag)).toEqual({ ok: true, value: tag });
  });

  it.each(['en_US', 'english!', 'en-', ''])('refuses %j', (tag) => {
    expect(languageTagRule(tag)).toEqual({ ok: false, detail: expect.stringContaining('BCP 47') });
  });
});

describe('UUIDs (statementId, utteranceId)', () => {
  it('accept any version in either case, lower-cased', () => {
    expect(uuidRule('664B4D6A-D7E3-51C9-88B8-B1BB93C6AEF6')).toEqual({ ok: true, value: '664b4d6a-d7e3-51c9-88b8-b1bb93c6aef6' });
    expect(uuidRule('0190b5a4-7c2e-7a1b-8c3d-4e5f6a7b8c9d').ok).toBe(true);
  });

  it.each(['664b4d6a', '664b4d6a-d7e3-51c9-88b8-b1bb93c6aef', '{664b4d6a-d7e3-51c9-88b8-b1bb93c6aef6}', '664b4d6ad7e351c988b8b1bb93c6aef6'])(
    'refuse %s',
    (id) => {
      expect(uuidRule(id)).toEqual({ ok: false, detail: 'expected a UUID' });
    },
  );
});

describe('topic slugs', () => {
  it.each(['aukus-pillar-ii', 'g7', 'a-1-b'])('accept %s', (slug) => {
    expect(topicSlugRule(slug)).toEqual({ ok: true, value: slug });
  });

  it.each(['AUKUS', 'aukus--pillar', '-aukus', 'aukus-', 'aukus_pillar', 'aukus pillar', ''])('refuse %j', (slug) => {
    expect(topicSlugRule(slug).ok).toBe(false);
  });

  it('are at most 64 code points', () => {
    expect(topicSlugRule('a'.repeat(64)).ok).toBe(true);
    expect(topicSlugRule('a'.repeat(65))).toEqual({ ok: false, detail: expect.stringContaining('at most 64') });
  });
});

describe('positions', () => {
  it('score opposes −2, concerned −1, neutral 0, considering +1, supports +2', () => {
    expect(POSITIONS.map((position) => [position, scoreOf(position)])).toEqual([
      ['opposes', -2],
      ['concerned', -1],
      ['neutral', 0],
      ['considering', 1],
      ['supports', 2],
    ]);
  });

  it('are one of the five, nothing else', () => {
    expect(positionRule('supports')).toEqual({ ok: true, value: 'supports' });
    expect(positionRule('Supports')).toEqual({ ok: false, detail: 'expected one of opposes, concerned, neutral, considering, supports' });
    expect(positionRule(2).ok).toBe(false);
    expect(() => toPosition('undecided')).toThrow(RangeError);
  });
});
