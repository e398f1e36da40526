import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; error: Error };

/**
 * Runs `load` when a dependency changes; an answer to an older request is dropped. Until the new
 * answer comes it says `loading`, even on the render that first sees the new dependencies (before
 * the effect runs): the old answer is never shown under the new address, not even for one frame.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [answer, setAnswer] = useState<{ deps: unknown[]; loaded: Loaded<T> }>({ deps, loaded: { state: 'loading' } });
  useEffect(() => {
    let current = true;
    setAnswer({ deps, loaded: { state: 'loading' } });
    load().then(
      (value) => current && setAnswer({ deps, loaded: { state: 'done', value } }),
      (error: Error) => current && setAnswer({ deps, loaded: { state: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return sameDeps(answer.deps, deps) ? answer.loaded : { state: 'loading' };
}

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

export function Status({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.state === 'loading') return <p role="status">Loading…</p>;
  if (loaded.state === 'failed') return <p role="alert">Could not load: {loaded.error.message}</p>;
  return null;
}
