import { statedInterval } from '../../../../libs/statements/src/values/stated-interval.ts';
import type { ComponentChildren } from 'preact';
import type { Source } from '../api.ts';
import { words } from '../scale.ts';
import { SourceCitation } from '../source-citation.tsx';
import type { FullStatement } from './statement-types.ts';

const PRECISION: Record<string, string> = {
  year: 'known to the year',
  month: 'known to the month',
  day: 'known to the day',
  instant: 'an instant',
  interval: 'some time within this interval',
};

/** `statedAt` as given, with the precision it was known at (a bare month is not the 1st of it). */
export function statedAtText(statedAt: string): string {
  const precision = PRECISION[statedInterval(statedAt).precision];
  return precision ? `${statedAt} (${precision})` : statedAt;
}

/** Every field of one version a reader cares about, as a description list. */
export function StatementFields({ statement, cameo }: { statement: FullStatement; cameo?: string | null }) {
  const { actor } = statement;
  return (
    <dl class="fields">
      <Field name="Holder">{statement.holder}</Field>
      <Field name="Said by">
        {[actor.person, actor.role, actor.body, actor.country].filter(Boolean).join(', ') || <span class="empty">unknown speaker</span>}
      </Field>
      <Field name="Topic">{statement.topic}</Field>
      <Field name="Target">{statement.target ?? <span class="empty">none</span>}</Field>
      <Field name="Position">{statement.position}</Field>
      <Field name="Stated at">{statedAtText(statement.statedAt)}</Field>
      <Field name="Attribution">{words(statement.attribution)}</Field>
      <Field name="Modality">{words(statement.modality)}</Field>
      <Field name="Summary">{statement.summary ?? <span class="empty">none</span>}</Field>
      <Field name="Quote">
        {statement.quote ? (
          <blockquote lang={statement.quoteLanguage ?? undefined}>
            {statement.quote}
            {statement.quoteLanguage ? <span class="note"> (language: {statement.quoteLanguage})</span> : null}
          </blockquote>
        ) : (
          <span class="empty">none</span>
        )}
      </Field>
      <Field name="CAMEO code">{statement.cameoCode ? `${statement.cameoCode}${cameo ? ` — ${cameo}` : ''}` : <span class="empty">none</span>}</Field>
      <Field name="Sources">
        <Sources sources={statement.sources} />
      </Field>
      <Field name="Status">{statement.status === 'retracted' ? <strong class="retracted-flag">RETRACTED</strong> : 'active'}</Field>
      <Field name="Revision">{statement.revision}</Field>
      <Field name="Recorded">
        {statement.recordedAt} by {statement.recordedBy}
      </Field>
      {statement.revision > 0 && (
        <Field name="Last revised">
          {statement.revisedAt} by {statement.revisedBy}
        </Field>
      )}
    </dl>
  );
}

function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Sources({ sources }: { sources: Source[] }) {
  return (
    <ol class="sources">
      {sources.map((source, i) => (
        <li key={i}>
          <SourceCitation source={source} />
          {i === 0 && sources.length > 1 ? ' — primary' : ''}
        </li>
      ))}
    </ol>
  );
}
