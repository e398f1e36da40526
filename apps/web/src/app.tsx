import { useEffect, useState } from 'preact/hooks';
import { apiGet, TOKEN_REFUSED, type Me } from './api.ts';
import { Legend } from './legend.tsx';
import { alignmentHref, flipsHref, mapHref, searchHref, useRoute } from './route.ts';
import { forgetToken, savedToken, saveToken } from './session.ts';
import { TimeTravelControls, useTimeTravel } from './time-travel.tsx';
import { Alignment } from './views/alignment.tsx';
import { Flips } from './views/flips.tsx';
import { Search } from './views/search.tsx';
import { SignIn } from './views/sign-in.tsx';
import { StanceMap } from './views/stance-map.tsx';
import { StatementPage } from './views/statement.tsx';
import { Timeline } from './views/timeline.tsx';
import { canEdit } from './forms/fields.tsx';
import { recordHref } from './forms/links.ts';
import { CorrectView } from './views/correct.tsx';
import { RecordView } from './views/record.tsx';
import { RetractView } from './views/retract.tsx';

/** The editor's forms (`#/record`, `#/statement/<id>/correct`, `…/retract`). */
const FORM_VIEWS = new Set(['record', 'correct', 'retract']);

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(savedToken() !== null);
  const [time, setTime] = useTimeTravel();
  const route = useRoute();

  // A token kept from earlier in this tab's session: ask who it is again (it may have been revoked).
  useEffect(() => {
    if (!savedToken()) return;
    apiGet<Me>('/v1/me')
      .then(setMe, () => forgetToken())
      .finally(() => setChecking(false));
  }, []);

  const signOut = () => {
    forgetToken();
    setMe(null);
  };
  // A token revoked while signed in: ask for one again.
  useEffect(() => {
    addEventListener(TOKEN_REFUSED, signOut);
    return () => removeEventListener(TOKEN_REFUSED, signOut);
  }, []);

  // After a change of view, the keyboard and a screen reader start at its heading.
  useEffect(() => document.querySelector<HTMLElement>('main h2')?.focus(), [me, route]);

  if (checking) return <p role="status">Signing in…</p>;
  if (!me) {
    return (
      <SignIn
        onSignedIn={(token, who) => {
          saveToken(token);
          setMe(who);
        }}
      />
    );
  }
  return (
    <>
      <header class="top">
        <h1>
          <a href={mapHref()}>Stance Ledger</a>
        </h1>
        <nav aria-label="Views">
          <ul class="views">
            <li>
              <a href={mapHref()}>Stance map</a>
            </li>
            <li>
              <a href={searchHref()}>Search</a>
            </li>
            <li>
              <a href={flipsHref()}>Flips</a>
            </li>
            <li>
              <a href={alignmentHref()}>Alignment</a>
            </li>
            {canEdit(me.role) && (
              <li>
                <a href={recordHref()}>Record a statement</a>
              </li>
            )}
          </ul>
        </nav>
        <p class="who">
          {me.name} ({me.role}){' '}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </p>
      </header>
      {/* A form writes at now and shows no scores: time travel and the colour key mean nothing there. */}
      {!FORM_VIEWS.has(route.view) && (
        <nav class="controls" aria-label="Time and key">
          <TimeTravelControls time={time} onChange={setTime} />
          <Legend />
        </nav>
      )}
      <main>
        {route.view === 'statement' ? (
          <StatementPage id={route.id} time={time} role={me.role} />
        ) : route.view === 'search' ? (
          <Search query={route.query} time={time} />
        ) : route.view === 'record' ? (
          <RecordView role={me.role} />
        ) : route.view === 'correct' ? (
          <CorrectView id={route.id} role={me.role} />
        ) : route.view === 'retract' ? (
          <RetractView id={route.id} role={me.role} />
        ) : route.view === 'key' ? (
          <Timeline holder={route.holder} topic={route.topic} target={route.target} time={time} />
        ) : route.view === 'flips' ? (
          <Flips time={time} />
        ) : route.view === 'alignment' ? (
          <Alignment topic={route.topic} time={time} />
        ) : (
          <StanceMap topic={route.topic} time={time} />
        )}
      </main>
    </>
  );
}
