import { useState } from 'preact/hooks';
import { apiGet, ApiError, apiSend, type Role } from '../api.ts';
import { canEdit, EditorsOnly, ErrorSummary, Field, focusSummary } from '../forms/fields.tsx';
import { statementHref } from '../route.ts';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms/problem.ts';
import { loadReference, type Reference } from '../forms/reference.ts';
import { labelOf, StatementFields } from '../forms/statement-fields.tsx';
import { fieldNames, mergePatch, rebaseEdits, valuesOf, type RecordedStatement, type StatementValues } from '../forms/values.ts';
import { Status, useLoad } from '../load.tsx';

const TITLE = 'Correct a statement';

/** `#/statement/<id>/correct`: the statement's fields filled in; the form's diff is sent as the correction's merge patch. */
export function CorrectView({ id, role }: { id: string; role: Role }) {
  if (!canEdit(role)) return <EditorsOnly title={TITLE} />;
  return <CorrectLoader id={id} />;
}

/** What a stale form hands to the next one when the user keeps the edits: the version the form was opened on, the form as typed, the reason. */
interface Carried {
  before: StatementValues;
  edited: StatementValues;
  reason: string;
}

function CorrectLoader({ id }: { id: string }) {
  // Bumped by "Reload": a fresh read of the statement, and a fresh form over it (with the edits carried, or not).
  const [reads, setReads] = useState(0);
  const [carried, setCarried] = useState<Carried | null>(null);
  const loaded = useLoad(() => Promise.all([apiGet<RecordedStatement>(`/v1/statements/${encodeURIComponent(id)}`), loadReference()]), [id, reads]);
  return (
    <section aria-labelledby="form-title" class="editor-form">
      <h2 id="form-title" tabIndex={-1}>
        {TITLE}
      </h2>
      <p>
        <a href={statementHref(id)}>← The statement</a>
      </p>
      <Status loaded={loaded} />
      {loaded.state === 'done' &&
        (loaded.value[0].status === 'retracted' ? (
          <p role="status">This statement is retracted: it can no longer be corrected.</p>
        ) : (
          <CorrectForm
            key={`${reads}`}
            statement={loaded.value[0]}
            reference={loaded.value[1]}
            carried={carried}
            onReload={(carry) => {
              setCarried(carry);
              setReads((n) => n + 1);
            }}
          />
        ))}
    </section>
  );
}

function CorrectForm({
  statement,
  reference,
  carried,
  onReload,
}: {
  statement: RecordedStatement;
  reference: Reference;
  carried: Carried | null;
  onReload: (carry: Carried | null) => void;
}) {
  const [original] = useState(() => valuesOf(statement));
  // Edits carried over a reload are re-applied to this version: the patch is then the user's edits against it.
  const [rebased] = useState(() => (carried ? rebaseEdits(carried.before, carried.edited, original) : null));
  const [values, setValues] = useState(rebased?.values ?? original);
  const [reason, setReason] = useState(carried?.reason ?? '');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const names = [...fieldNames(values), 'reason'];

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      await apiSend(
        'POST',
        `/v1/statements/${encodeURIComponent(statement.statementId)}/corrections`,
        { changes: mergePatch(original, values), reason },
        { 'If-Match': `"${statement.revision}"` },
      );
      location.hash = statementHref(statement.statementId);
    } catch (failure) {
      const precondition = failure instanceof ApiError && failure.status === 412;
      setStale(precondition);
      setErrors(
        precondition
          ? {
              fields: {},
              all: [
                { field: null, message: `Someone changed this statement after you opened it (you saw revision ${statement.revision}): nothing was written.` },
              ],
            }
          : formErrors(failure, names),
      );
      focusSummary();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <p class="help">
        Revision {statement.revision}. Only what you change is sent; an emptied optional field is removed. The correction is refused if the statement changed
        meanwhile.
      </p>
      <ErrorSummary errors={errors} labels={labelOf}>
        {stale && (
          <p>
            <button type="button" onClick={() => onReload({ before: original, edited: values, reason })}>
              Reload, keeping my edits
            </button>{' '}
            (re-applied to the current version) or{' '}
            <button type="button" onClick={() => onReload(null)}>
              Reload, discarding my edits
            </button>
          </p>
        )}
      </ErrorSummary>
      {rebased && (
        <div role="status" class="rebased">
          {rebased.kept.length === 0 ? (
            <p>You had changed nothing: this is the current version.</p>
          ) : (
            <p>
              Your edits are re-applied to revision {statement.revision}: {rebased.kept.map(labelOf).join(', ')}. Every other field is as the current version
              has it.
            </p>
          )}
          {rebased.conflicts.length > 0 && (
            <p>
              <strong>Changed by both:</strong> {rebased.conflicts.map(labelOf).join(', ')}: yours is kept; check it against the statement’s change log before
              you send.
            </p>
          )}
        </div>
      )}
      <StatementFields values={values} onChange={setValues} errors={errors} reference={reference} />
      <fieldset class="form-group wide">
        <legend>Why</legend>
        <Field name="reason" label="Reason for the correction" required multiline value={reason} onInput={setReason} errors={errors} />
      </fieldset>
      <p class="actions">
        <button type="submit" disabled={busy}>
          Correct the statement
        </button>
      </p>
    </form>
  );
}
