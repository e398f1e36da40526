import type { Source } from './api.ts';

/** A source as a reader cites it: its title (or publisher, or URL) linked when it has a URL, the publisher beside a title, the date. */
export function SourceCitation({ source }: { source: Source }) {
  return (
    <>
      {source.url ? (
        <a href={source.url} rel="noopener noreferrer">
          {source.title ?? source.publisher ?? source.url}
        </a>
      ) : (
        (source.title ?? source.publisher)
      )}
      {source.url && source.title && source.publisher ? ` (${source.publisher})` : ''}
      {source.publishedAt ? `, ${source.publishedAt}` : ''}
    </>
  );
}
