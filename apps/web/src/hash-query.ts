import { useEffect, useState } from 'preact/hooks';

/** The query in the location's hash (`#/flips?…`, `#/alignment/<topic>?…`). */
const hashQuery = () => location.hash.split('?')[1] ?? '';

/**
 * A view's filters kept in the hash's query, so a filtered view can be shared. A change of
 * filter is a pushState (Back undoes it) and not a hash change: the shell moves focus to the
 * heading on a hash change, which would take the keyboard away from the control just used.
 * `hrefOf` builds the view's address with the new query (e.g. `flipsHref`).
 */
export function useHashQuery(hrefOf: (query: URLSearchParams) => string): [URLSearchParams, (name: string, value: string) => void] {
  const [query, setQuery] = useState(hashQuery);
  useEffect(() => {
    const onChange = () => setQuery(hashQuery());
    addEventListener('hashchange', onChange);
    addEventListener('popstate', onChange);
    return () => {
      removeEventListener('hashchange', onChange);
      removeEventListener('popstate', onChange);
    };
  }, []);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    history.pushState(null, '', hrefOf(next));
    setQuery(hashQuery());
  };
  return [new URLSearchParams(query), set];
}
