import { useState } from 'preact/hooks';
import { words } from '../scale.ts';
import { Field } from './fields.tsx';
import type { FormErrors } from './problem.ts';
import { searchCameo, type Reference } from './reference.ts';
import { ATTRIBUTIONS, emptySource, MODALITIES, POSITIONS, type SourceValues, type StatementValues } from './values.ts';

const STATIC_LABELS: Record<string, string> = {
  holder: 'Holder',
  target: 'Target',
  topic: 'Topic',
  position: 'Position',
  'actor/country': 'Speaker’s country',
  'actor/body': 'Speaker’s body',
  'actor/person': 'Speaker (person)',
  'actor/role': 'Speaker’s role',
  statedAt: 'Stated at',
  attribution: 'Attribution',
  modality: 'Modality',
  summary: 'Summary',
  quote: 'Quote',
  quoteLanguage: 'Quote language',
  cameoCode: 'CAMEO code',
  sources: 'Sources',
  reason: 'Reason',
};
const SOURCE_LABELS: Record<keyof SourceValues, string> = { url: 'URL', publisher: 'Publisher', title: 'Title', publishedAt: 'Published at' };

/** A field's label as the error summary names it (`sources/1/url` → `Source 2: URL`). */
export function labelOf(name: string): string {
  const source = /^sources\/(\d+)\/(\w+)$/.exec(name);
  if (source) return `Source ${Number(source[1]) + 1}: ${SOURCE_LABELS[source[2] as keyof SourceValues] ?? source[2]}`;
  return STATIC_LABELS[name] ?? name;
}

const PRECISION_HINT =
  'YYYY (2024), YYYY-MM (2024-11), YYYY-MM-DD (2024-11-05), an instant (2024-11-05T09:30:00Z), or an interval start/end (2024-10/2024-12).';

interface Props {
  values: StatementValues;
  onChange: (next: StatementValues) => void;
  errors: FormErrors;
  reference: Reference;
}

/** The fields of a statement, shared by the record and the correct forms. */
export function StatementFields({ values, onChange, errors, reference }: Props) {
  const set =
    <K extends keyof StatementValues>(name: K) =>
    (value: StatementValues[K]) =>
      onChange({ ...values, [name]: value });
  const setActor = (name: keyof StatementValues['actor']) => (value: string) => onChange({ ...values, actor: { ...values.actor, [name]: value } });
  const setSource = (index: number, name: keyof SourceValues) => (value: string) =>
    onChange({ ...values, sources: values.sources.map((source, i) => (i === index ? { ...source, [name]: value } : source)) });
  const field = (name: string, label: string) => ({ name, label, errors });

  return (
    <>
      <datalist id="holder-options">
        {reference.countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
            {country.former ? ' (former)' : ''}
          </option>
        ))}
        {reference.actors.map((actor) => (
          <option key={actor.slug} value={actor.slug}>
            {actor.name} ({words(actor.kind)})
          </option>
        ))}
      </datalist>
      <datalist id="country-options">
        {reference.countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </datalist>

      <fieldset class="form-group">
        <legend>Who stands where</legend>
        <Field
          {...field('holder', 'Holder')}
          value={values.holder}
          onInput={set('holder')}
          list="holder-options"
          hint="A country code (KOR: its government) or a registered actor’s slug. Empty: the speaker’s country."
        />
        <Field
          {...field('target', 'Target')}
          value={values.target}
          onInput={set('target')}
          list="holder-options"
          hint="The country or actor the stance is about, or empty for none."
        />
        <Field
          {...field('topic', 'Topic')}
          required
          value={values.topic}
          onInput={set('topic')}
          options={[['', 'Choose a topic'], ...reference.topics.map((topic): [string, string] => [topic.slug, topic.title])]}
        />
        <Field
          {...field('position', 'Position')}
          required
          value={values.position}
          onInput={set('position')}
          options={[['', 'Choose a position'], ...POSITIONS.map((position): [string, string] => [position, position])]}
        />
      </fieldset>

      <fieldset class="form-group">
        <legend>Who said it</legend>
        <Field
          {...field('actor/country', 'Speaker’s country')}
          value={values.actor.country}
          onInput={setActor('country')}
          list="country-options"
          hint="An upper-case country code. Give a country, a body or a person."
        />
        <Field {...field('actor/body', 'Speaker’s body')} value={values.actor.body} onInput={setActor('body')} />
        <Field {...field('actor/person', 'Speaker (person)')} value={values.actor.person} onInput={setActor('person')} />
        <Field {...field('actor/role', 'Speaker’s role')} value={values.actor.role} onInput={setActor('role')} />
      </fieldset>

      <fieldset class="form-group">
        <legend>When and how</legend>
        <Field {...field('statedAt', 'Stated at')} required value={values.statedAt} onInput={set('statedAt')} hint={PRECISION_HINT} />
        <Field
          {...field('attribution', 'Attribution')}
          value={values.attribution}
          onInput={set('attribution')}
          options={ATTRIBUTIONS.map((value): [string, string] => [value, words(value)])}
        />
        <Field
          {...field('modality', 'Modality')}
          value={values.modality}
          onInput={set('modality')}
          options={MODALITIES.map((value): [string, string] => [value, words(value)])}
        />
      </fieldset>

      <fieldset class="form-group wide">
        <legend>What was said</legend>
        <Field {...field('summary', 'Summary')} multiline value={values.summary} onInput={set('summary')} />
        <Field {...field('quote', 'Quote')} multiline value={values.quote} onInput={set('quote')} lang={values.quoteLanguage || undefined} />
        <Field
          {...field('quoteLanguage', 'Quote language')}
          value={values.quoteLanguage}
          onInput={set('quoteLanguage')}
          hint="A BCP 47 tag: en, ko, zh-Hans."
        />
        <CameoPicker value={values.cameoCode} onChange={set('cameoCode')} errors={errors} reference={reference} />
      </fieldset>

      <fieldset class="form-group wide sources-group">
        <legend>Sources (the first is the primary one)</legend>
        {values.sources.map((source, i) => (
          <fieldset key={i} class="source-row">
            <legend>
              Source {i + 1}
              {i === 0 ? ' (primary)' : ''}
            </legend>
            <Field
              {...field(`sources/${i}/url`, 'URL')}
              type="url"
              value={source.url}
              onInput={setSource(i, 'url')}
              hint={i === 0 ? 'A URL or a publisher (an offline citation: publisher only).' : undefined}
            />
            <Field {...field(`sources/${i}/publisher`, 'Publisher')} value={source.publisher} onInput={setSource(i, 'publisher')} />
            <Field {...field(`sources/${i}/title`, 'Title')} value={source.title} onInput={setSource(i, 'title')} />
            <Field {...field(`sources/${i}/publishedAt`, 'Published at')} value={source.publishedAt} onInput={setSource(i, 'publishedAt')} />
            {values.sources.length > 1 && (
              <button type="button" class="remove" onClick={() => onChange({ ...values, sources: values.sources.filter((_, j) => j !== i) })}>
                Remove source {i + 1}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => onChange({ ...values, sources: [...values.sources, emptySource()] })}>
          Add a source
        </button>
      </fieldset>
    </>
  );
}

/**
 * The CAMEO code: typed, or picked from a search of the codebook by words or a code's
 * beginning. A code is text (leading zeros kept: `0312`).
 */
function CameoPicker({ value, onChange, errors, reference }: { value: string; onChange: (code: string) => void; errors: FormErrors; reference: Reference }) {
  const [query, setQuery] = useState('');
  const found = searchCameo(reference.cameo, query);
  const chosen = reference.cameo.find((item) => item.code === value);
  return (
    <div class="cameo">
      <Field
        name="cameoCode"
        label="CAMEO code"
        errors={errors}
        value={value}
        onInput={onChange}
        hint={chosen ? `${chosen.code}: ${chosen.description}` : 'Optional. Type a code, or search the codebook below.'}
      />
      <div class="field">
        <label for="cameo-search">Search the CAMEO codebook</label>
        <input
          id="cameo-search"
          type="search"
          value={query}
          autocomplete="off"
          aria-describedby="cameo-found"
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <p id="cameo-found" class="help" role="status">
          {query.trim() === ''
            ? 'Words (intent cooperate) or a code’s beginning (031).'
            : `${found.length === 12 ? 'The first 12' : found.length} matching codes.`}
        </p>
      </div>
      {found.length > 0 && (
        <ul class="cameo-results" aria-label="Matching CAMEO codes">
          {found.map((item) => (
            <li key={item.code}>
              <button
                type="button"
                onClick={() => {
                  onChange(item.code);
                  setQuery('');
                  document.getElementById('f-cameoCode')?.focus();
                }}
              >
                <span class="code">{item.code}</span> {item.description}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
