import { useState } from 'preact/hooks';
import { apiSend, type Role } from '../api.ts';
import { canEdit, EditorsOnly, ErrorSummary, focusSummary } from '../forms/fields.tsx';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms/problem.ts';
import { loadReference } from '../forms/reference.ts';
import { labelOf, StatementFields } from '../forms/statement-fields.tsx';
import { bodyOf, emptyStatement, fieldNames, type RecordedStatement } from '../forms/values.ts';
import { Status, useLoad } from '../load.tsx';
import { keyHref } from '../route.ts';

const TITLE = 'Record a statement';

/** `#/record`: an editor records a statement (POST /v1/statements); on 201 the app opens its key's timeline. */
export function RecordView({ role }: { role: Role }) {
  if (!canEdit(role)) return <EditorsOnly title={TITLE} />;
  return <RecordForm />;
}

function RecordForm() {
  const reference = useLoad(loadReference, []);
  const [values, setValues] = useState(emptyStatement);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const { body } = await apiSend<RecordedStatement>('POST', '/v1/statements', bodyOf(values));
      location.hash = keyHref(body.holder, body.topic, body.target);
    } catch (failure) {
      // The form keeps every value as typed; only the errors change.
      setErrors(formErrors(failure, fieldNames(values)));
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
      <Status loaded={reference} />
      {reference.state === 'done' && (
        <form onSubmit={submit} noValidate aria-describedby="record-help">
          <p id="record-help" class="help">
            Required: a topic, a position, when it was stated, a source, and the speaker’s country unless a holder is given.
          </p>
          <ErrorSummary errors={errors} labels={labelOf} />
          <StatementFields values={values} onChange={setValues} errors={errors} reference={reference.value} />
          <p class="actions">
            <button type="submit" disabled={busy}>
              Record the statement
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
