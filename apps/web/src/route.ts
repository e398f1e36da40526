import { useEffect, useState } from 'preact/hooks';

/**
 * The hash routes: `#/map`, `#/map/<topic>` (holders × targets of one topic),
 * `#/key/<holder>/<topic>/<target|none>`, `#/statement/<id>`, `#/search?<query>`, the
 * editor forms `#/record`, `#/statement/<id>/correct`, `#/statement/<id>/retract`, and
 * `#/flips?<filters>`, `#/alignment`, `#/alignment/<topic>`.
 */
export type Route =
  | { view: 'map'; topic: string | null }
  | { view: 'key'; holder: string; topic: string; target: string | null }
  | { view: 'statement'; id: string }
  | { view: 'search'; query: URLSearchParams }
  | { view: 'record' }
  | { view: 'correct'; id: string }
  | { view: 'retract'; id: string }
  | { view: 'flips' }
  | { view: 'alignment'; topic: string | null };

export function parseRoute(hash: string): Route {
  // `#/search?<query>`: read before splitting on '/', which the query may hold.
  const search = /^#?\/?search(?:\?(.*))?$/.exec(hash);
  if (search) return { view: 'search', query: new URLSearchParams(search[1] ?? '') };
  // `#/flips?topic=…&change=…`: the view reads its filters from the hash itself (views/flips.tsx).
  if (/^#?\/?flips(\?|$)/.test(hash)) return { view: 'flips' };
  // `#/alignment/<topic>?minShared=…&attribution=…`: the view reads its filters from the hash itself.
  if (/^#?\/?alignment(\/|\?|$)/.test(hash))
    return { view: 'alignment', topic: decodeURIComponent(hash.replace(/^#?\/?alignment\/?/, '').split('?')[0]) || null };
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'key' && parts.length === 4) return { view: 'key', holder: parts[1], topic: parts[2], target: parts[3] === 'none' ? null : parts[3] };
  if (parts[0] === 'statement' && parts.length === 2 && parts[1]) return { view: 'statement', id: parts[1] };
  if (parts[0] === 'map' && parts[1]) return { view: 'map', topic: parts[1] };
  if (parts[0] === 'record' && parts.length === 1) return { view: 'record' };
  if (parts[0] === 'statement' && parts.length === 3 && parts[2] === 'correct') return { view: 'correct', id: parts[1] };
  if (parts[0] === 'statement' && parts.length === 3 && parts[2] === 'retract') return { view: 'retract', id: parts[1] };
  return { view: 'map', topic: null };
}

export function keyHref(holder: string, topic: string, target: string | null): string {
  return `#/key/${[holder, topic, target ?? 'none'].map(encodeURIComponent).join('/')}`;
}

export function mapHref(topic: string | null = null): string {
  return topic ? `#/map/${encodeURIComponent(topic)}` : '#/map';
}

export function statementHref(id: string): string {
  return `#/statement/${encodeURIComponent(id)}`;
}

/** `#/search?q=…&holder=…`: a search is a shareable link, and Back returns to the previous one. Empty values are left out. */
export function searchHref(params: Record<string, string> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value.trim() !== ''));
  return query.size > 0 ? `#/search?${query}` : '#/search';
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function flipsHref(query: URLSearchParams | string = ''): string {
  const text = query.toString();
  return text ? `#/flips?${text}` : '#/flips';
}

/** `#/alignment`, or a topic's alignment with its filters (`minShared`, `attribution`) in the query. */
export function alignmentHref(topic: string | null = null, query: URLSearchParams | string = ''): string {
  const text = query.toString();
  return (topic ? `#/alignment/${encodeURIComponent(topic)}` : '#/alignment') + (topic && text ? `?${text}` : '');
}
