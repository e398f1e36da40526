import { useState } from 'preact/hooks';
import { apiGet, ApiError, type Me } from '../api.ts';

/** Asks for an API token, checks it with GET /v1/me, and hands back who it is. */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string, me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(token.trim(), await apiGet<Me>('/v1/me', {}, token.trim()));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? 'This token is not known to the server.' : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <h1>Stance Ledger</h1>
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'token-error' : 'token-help'}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <p id="token-help" class="help">
          Kept for this browser tab only. A new server writes its admin token to <code>.data/admin-token</code>.
        </p>
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
