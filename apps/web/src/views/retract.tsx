import { useState } from 'preact/hooks';
import { apiGet, ApiError, apiSend, type Role } from '../api.ts';
import { canEdit, EditorsOnly, ErrorSummary, Field, focusSummary } from '../forms/fields.tsx';
import { statementHref } from '../route.ts';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms/problem.ts';
import type { RecordedStatement } from '../forms/values.ts';
import { Status, useLoad } from '../load.tsx';

const TITLE = 'Retract a statement';

/** `#/statement/<id>/retract`: the statement's gist, a reason and Retract (with If-Match: the revision shown). */
export function RetractView({ id, role }: { id: string; role: Role }) {
  if (!canEdit(role)) return <EditorsOnly title={TITLE} />;
  return <RetractForm id={id} />;
}

function RetractForm({ id }: { id: string }) {
  const [reads, setReads] = useState(0);
  const loaded = useLoad(() => apiGet<RecordedStatement>(`/v1/statements/${encodeURIComponent(id)}`), [id, reads]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event, statement: RecordedStatement) {
    event.preventDefault();
    setBusy(true);
    try {
      await apiSend('POST', `/v1/statements/${encodeURIComponent(id)}/retraction`, { reason }, { 'If-Match': `"${statement.revision}"` });
      location.hash = statementHref(id);
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      setStale(status === 412);
      if (status === 409) setErrors({ fields: {}, all: [{ field: null, message: 'This statement is already retracted: nothing was written.' }] });
      else if (status === 412)
        setErrors({
          fields: {},
          all: [{ field: null, message: `Someone changed this statement after you opened it (you saw revision ${statement.revision}): nothing was written.` }],
        });
      else setErrors(formErrors(failure, ['reason']));
      focusSummary();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="form-title" class="editor-form">
      <h2 id="form-title" tabIndex={-1}>
        {TITLE}
      </h2>
      <p>
        <a href={statementHref(id)}>← The statement</a>
      </p>
      <Status loaded={loaded} />
      {loaded.state === 'done' && (
        <form onSubmit={(event) => submit(event, loaded.value)} noValidate>
          <dl class="gist">
            <dt>Who, on what</dt>
            <dd>
              {loaded.value.holder} {loaded.value.position} on {loaded.value.topic}
              {loaded.value.target ? `, target ${loaded.value.target}` : ''} ({loaded.value.statedAt})
            </dd>
            <dt>Summary</dt>
            <dd>{loaded.value.summary ?? 'none'}</dd>
            <dt>Status</dt>
            <dd>
              {loaded.value.status}, revision {loaded.value.revision}
            </dd>
          </dl>
          <ErrorSummary errors={errors} labels={() => 'Reason'}>
            {stale && (
              <p>
                <button
                  type="button"
                  onClick={() => {
                    setStale(false);
                    setErrors(NO_ERRORS);
                    setReads((n) => n + 1);
                  }}
                >
                  Reload the current version
                </button>
              </p>
            )}
          </ErrorSummary>
          <Field name="reason" label="Reason for the retraction" required multiline value={reason} onInput={setReason} errors={errors} />
          <p class="actions">
            <button type="submit" disabled={busy}>
              Retract
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
