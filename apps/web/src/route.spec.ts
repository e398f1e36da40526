import { describe, expect, test } from '@jest/globals';
import { alignmentHref, flipsHref, keyHref, parseRoute, searchHref } from './route.ts';

/** The hash routes: each view's address is a shareable link, and each href parses back to its view. */
describe('parseRoute and the hrefs', () => {
  test('a topic’s alignment with its filters in the query parses to the topic alone (the view reads the query); the topic list has no query', () => {
    expect(alignmentHref('aukus-pillar-ii', new URLSearchParams({ minShared: '2', attribution: 'on_record,reported' }))).toBe(
      '#/alignment/aukus-pillar-ii?minShared=2&attribution=on_record%2Creported',
    );
    expect(parseRoute('#/alignment/aukus-pillar-ii?minShared=2')).toEqual({ view: 'alignment', topic: 'aukus-pillar-ii' });
    expect(parseRoute(alignmentHref('a b'))).toEqual({ view: 'alignment', topic: 'a b' });
    expect(alignmentHref(null, 'minShared=2')).toBe('#/alignment');
    expect(parseRoute('#/alignment')).toEqual({ view: 'alignment', topic: null });
  });

  test('keys, flips and searches round-trip; an unknown address shows the map', () => {
    expect(parseRoute(keyHref('KOR', 'aukus-pillar-ii', null))).toEqual({ view: 'key', holder: 'KOR', topic: 'aukus-pillar-ii', target: null });
    expect(parseRoute(flipsHref('topic=x'))).toEqual({ view: 'flips' });
    const search = parseRoute(searchHref({ q: 'a/b', holder: 'KOR', person: ' ' }));
    expect(search.view === 'search' && search.query.toString()).toBe('q=a%2Fb&holder=KOR');
    expect(parseRoute('#/nowhere')).toEqual({ view: 'map', topic: null });
  });
});
