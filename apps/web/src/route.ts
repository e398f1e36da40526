import { useEffect, useState } from 'preact/hooks';

/** The hash routes: `#/map`, `#/map/<topic>` (holders × targets of one topic), `#/key/<holder>/<topic>/<target|none>`. */
export type Route =
  | { view: 'map'; topic: string | null }
  | { view: 'key'; holder: string; topic: string; target: string | null }
  | { view: 'flips'; query: string }
  | { view: 'alignment'; topic: string | null };

export function parseRoute(hash: string): Route {
  // `#/flips?topic=…&change=…`: the filters ride in the hash, so a filtered list can be shared and Back undoes a filter.
  const flips = /^#?\/?flips(?:\?(.*))?$/.exec(hash);
  if (flips) return { view: 'flips', query: flips[1] ?? '' };
  if (/^#?\/?alignment(\/|$)/.test(hash)) return { view: 'alignment', topic: decodeURIComponent(hash.replace(/^#?\/?alignment\/?/, '')) || null };
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'key' && parts.length === 4) return { view: 'key', holder: parts[1], topic: parts[2], target: parts[3] === 'none' ? null : parts[3] };
  if (parts[0] === 'map' && parts[1]) return { view: 'map', topic: parts[1] };
  return { view: 'map', topic: null };
}

export function keyHref(holder: string, topic: string, target: string | null): string {
  return `#/key/${[holder, topic, target ?? 'none'].map(encodeURIComponent).join('/')}`;
}

export function mapHref(topic: string | null = null): string {
  return topic ? `#/map/${encodeURIComponent(topic)}` : '#/map';
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

export function alignmentHref(topic: string | null = null): string {
  return topic ? `#/alignment/${encodeURIComponent(topic)}` : '#/alignment';
}
