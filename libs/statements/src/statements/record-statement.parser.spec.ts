import { CONTENT, NOW, recordBody } from '../testing/statement-fixtures.js';
import { parseRecordStatement } from './record-statement.parser.js';

const ASTRAL = '𝕏'; // U+1D54F: one code point, two UTF-16 units

function errorsOf(body: unknown) {
  const parsed = parseRecordStatement(body, NOW);
  return parsed.ok ? [] : parsed.errors;
}

function pointersOf(body: unknown) {
  return errorsOf(body).map((error) => error.pointer);
}

describe('recording a statement: the body', () => {
  it('is normalised: every optional field present, null when omitted, no statementId → null', () => {
    expect(parseRecordStatement(recordBody(), NOW)).toEqual({ ok: true, value: { statementId: null, content: CONTENT } });
  });

  it('treats an omitted optional field as an explicit null', () => {
    const explicit = recordBody({ quote: null, quoteLanguage: null, utteranceId: null, statementId: null });
    expect(parseRecordStatement(explicit, NOW)).toEqual(parseRecordStatement(recordBody(), NOW));
  });

  it('needs only actor.country, topic, position, statedAt and source.url; holder, attribution and modality come out resolved, source as sources[0]', () => {
    const minimal = {
      actor: { country: 'CHN' },
      topic: 'aukus-pillar-ii',
      position: 'opposes',
      statedAt: '2024-04-08',
      source: { url: 'https://example.org/a' },
    };
    const parsed = parseRecordStatement(minimal, NOW);
    expect(parsed.ok && parsed.value.content).toEqual({
      holder: 'CHN',
      actor: { country: 'CHN', body: null, person: null, role: null },
      topic: 'aukus-pillar-ii',
      target: null,
      position: 'opposes',
      statedAt: '2024-04-08',
      attribution: 'on_record',
      modality: 'firm',
      summary: null,
      quote: null,
      quoteLanguage: null,
      sources: [{ url: 'https://example.org/a', publisher: null, title: null, publishedAt: null }],
      cameoCode: null,
      utteranceId: null,
    });
  });

  it('reports every missing required field at its pointer', () => {
    // v2: a source needs a url or a publisher (an offline citation has none); actor.country only when no holder is given.
    expect(errorsOf({ actor: {}, source: {} })).toEqual([
      { pointer: '/topic', detail: 'is required' },
      { pointer: '/position', detail: 'is required' },
      { pointer: '/statedAt', detail: 'is required' },
      { pointer: '/source', detail: 'needs at least one of url, publisher' },
      { pointer: '/actor/country', detail: 'is required unless holder is given' },
    ]);
    expect(pointersOf(recordBody({ actor: undefined, source: null }))).toEqual(['/actor', '/source']);
  });

  it('refuses unknown fields, top-level and nested, each at its pointer', () => {
    const body = recordBody({ revision: 0, status: 'active', actor: { country: 'KOR', name: 'x' }, source: { url: 'https://a.org', lang: 'ko' } });
    expect(errorsOf(body)).toEqual([
      { pointer: '/revision', detail: 'unknown field' },
      { pointer: '/status', detail: 'unknown field' },
      { pointer: '/actor/name', detail: 'unknown field' },
      { pointer: '/source/lang', detail: 'unknown field' },
    ]);
  });

  it('refuses what is not a JSON object', () => {
    expect(errorsOf([recordBody()])).toEqual([{ pointer: '', detail: 'expected a JSON object' }]);
    expect(errorsOf({ ...recordBody(), actor: 'KOR' })).toEqual([{ pointer: '/actor', detail: 'expected a JSON object' }]);
  });

  it('lower-cases a client-chosen statementId and utteranceId', () => {
    const parsed = parseRecordStatement(
      recordBody({ statementId: '52E30963-9EB7-5AA1-B46B-6398CF6164FB', utteranceId: '698341F4-1E10-59BE-8EA0-C9C853BB530A' }),
      NOW,
    );
    expect(parsed.ok && parsed.value.statementId).toBe('52e30963-9eb7-5aa1-b46b-6398cf6164fb');
    expect(parsed.ok && parsed.value.content.utteranceId).toBe('698341f4-1e10-59be-8ea0-c9c853bb530a');
    expect(pointersOf(recordBody({ statementId: 'kim-1' }))).toEqual(['/statementId']);
  });

  it('keeps statedAt and publishedAt exactly as sent', () => {
    const parsed = parseRecordStatement(
      recordBody({ statedAt: '2024-11-05t09:00:00.5+09:00', source: { url: 'https://a.org', publishedAt: '2024-11-05T10:00:00z' } }),
      NOW,
    );
    expect(parsed.ok && parsed.value.content.statedAt).toBe('2024-11-05t09:00:00.5+09:00');
    expect(parsed.ok && parsed.value.content.sources[0].publishedAt).toBe('2024-11-05T10:00:00z');
  });

  describe('field by field', () => {
    it.each([
      ['actor.country', { actor: { country: 'ROK' } }, '/actor/country'],
      ['actor.country in lower case', { actor: { country: 'kor' } }, '/actor/country'],
      ['target', { target: 'Korea' }, '/target'],
      ['topic', { topic: 'AUKUS Pillar II' }, '/topic'],
      ['position', { position: 'positive' }, '/position'],
      ['statedAt on 30 February', { statedAt: '2024-02-30' }, '/statedAt'],
      ['statedAt in 1899', { statedAt: '1899' }, '/statedAt'],
      ['statedAt the day after tomorrow', { statedAt: '2026-11-25' }, '/statedAt'],
      ['quoteLanguage', { quoteLanguage: 'Korean!' }, '/quoteLanguage'],
      ['source.url', { source: { url: 'ftp://example.org' } }, '/source/url'],
      ['source.publishedAt', { source: { url: 'https://a.org', publishedAt: '2024-02-30' } }, '/source/publishedAt'],
      ['cameoCode', { cameoCode: '999' }, '/cameoCode'],
      ['cameoCode as a number', { cameoCode: 312 }, '/cameoCode'],
      ['utteranceId', { utteranceId: 'joint-statement' }, '/utteranceId'],
    ])('refuses a bad %s at its pointer', (_, overrides, pointer) => {
      expect(pointersOf(recordBody(overrides))).toEqual([pointer]);
    });

    it.each([
      ['the former Soviet Union (SUN)', { actor: { country: 'SUN' } }],
      ['Kosovo (XKX) as target', { target: 'XKX' }],
      ['CAMEO 0312', { cameoCode: '0312' }],
      ['statedAt tomorrow', { statedAt: '2026-11-24' }],
      ['statedAt in 1900', { statedAt: '1900' }],
    ])('accepts %s', (_, overrides) => {
      expect(errorsOf(recordBody(overrides))).toEqual([]);
    });

    it.each([
      ['/actor/body', 200, (text: string) => ({ actor: { country: 'KOR', body: text } })],
      ['/actor/person', 200, (text: string) => ({ actor: { country: 'KOR', person: text } })],
      ['/actor/role', 200, (text: string) => ({ actor: { country: 'KOR', role: text } })],
      ['/source/publisher', 200, (text: string) => ({ source: { url: 'https://a.org', publisher: text } })],
      ['/summary', 2000, (text: string) => ({ summary: text })],
      ['/quote', 5000, (text: string) => ({ quote: text })],
    ])('%s takes exactly %i code points, not one more', (pointer, max, body) => {
      expect(errorsOf(recordBody(body(ASTRAL.repeat(max))))).toEqual([]);
      expect(errorsOf(recordBody(body(ASTRAL.repeat(max + 1))))).toEqual([
        { pointer, detail: `must be at most ${max} characters (Unicode code points); got ${max + 1}` },
      ]);
    });

    it.each([
      ['/summary', { summary: 'Seoul \u0000 says' }],
      ['/actor/person', { actor: { country: 'KOR', person: 'Kim\u0000' } }],
      ['/source/publisher', { source: { url: 'https://a.org', publisher: 'Korea Pro' + '\u0000' } }],
    ])('refuses U+0000 at %s', (pointer, overrides) => {
      expect(errorsOf(recordBody(overrides))).toEqual([{ pointer, detail: 'must not contain U+0000' }]);
    });

    it.each([
      ['/quote', { quote: 'broken \uD835 text' }],
      ['/actor/role', { actor: { country: 'KOR', role: '\uDD4F' } }],
      ['/topic', { topic: 'aukus\uD800' }],
    ])('refuses an unpaired surrogate at %s', (pointer, overrides) => {
      expect(errorsOf(recordBody(overrides))).toEqual([{ pointer, detail: 'must not contain unpaired surrogates' }]);
    });

    it('refuses wrong JSON types with "expected a string"', () => {
      expect(errorsOf(recordBody({ summary: 42, actor: { country: true } }))).toEqual([
        { pointer: '/actor/country', detail: 'expected a string' },
        { pointer: '/summary', detail: 'expected a string' },
      ]);
    });
  });
});
