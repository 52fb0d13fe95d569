import { FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, DemoUser, WebAppSettings, gql, messageOf, session, webAppSettings } from '../api';
import { useI18n } from '../i18n';
import { finishSchoolSignIn, isSignInCallback, startSchoolSignIn } from '../oidc';

type Organisation = { id: string; name: string };

/**
 * Sign in: with the school account when the API has an OpenID Connect provider for the web app,
 * with a token, or (on the embedded default) as a demo user. Someone in several organisations
 * chooses which one they work for now.
 */
export function SignInScreen({ onSignIn, notice }: { onSignIn: (token: string) => void; notice: string | null }) {
  const { t } = useI18n();
  const tokenId = useId();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [settings, setSettings] = useState<WebAppSettings | null>(null);
  const [choices, setChoices] = useState<{ token: string; organisations: Organisation[] } | null>(null);

  /** Asks the API who this is; asks which organisation when the user has several. */
  const tryToken = async (value: string) => {
    try {
      await gql<{ me: { user: { id: string } } }>(`{ me { user { id } } }`, {}, value);
      onSignIn(value);
    } catch (e) {
      const organisations = e instanceof ApiError ? (e.extensions.organisations as Organisation[] | undefined) : undefined;
      if (organisations?.length) setChoices({ token: value, organisations });
      else setError(messageOf(e));
    }
  };

  useEffect(() => {
    void webAppSettings().then(async (loaded) => {
      setSettings(loaded);
      if (loaded.oidc && isSignInCallback()) {
        try {
          await tryToken(await finishSchoolSignIn(loaded.oidc));
        } catch (e) {
          setError(messageOf(e));
        }
      }
    });
    // Once, on arrival (possibly back from the provider).
  }, []);

  const choose = (organisation: Organisation) => {
    session.organisation = organisation.id;
    const value = choices!.token;
    setChoices(null);
    void tryToken(value);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void tryToken(token.trim());
  };

  if (choices) {
    return (
      <section className="card narrow">
        <h1>{t('chooseOrganisation')}</h1>
        <ul className="plain stack">
          {choices.organisations.map((o) => (
            <li key={o.id}>
              <button type="button" onClick={() => choose(o)}>
                {o.name}
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{t('signIn')}</h1>
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p id="sign-in-error" role="alert" className="error">
          {error}
        </p>
      )}
      {settings?.oidc && (
        <p>
          <button type="button" className="primary" onClick={() => void startSchoolSignIn(settings.oidc!).catch((e) => setError(messageOf(e)))}>
            {t('signInWithSchool')}
          </button>
        </p>
      )}
      <form onSubmit={submit}>
        {settings?.oidc && <h2>{t('orTokenHeading')}</h2>}
        <label htmlFor={tokenId}>{t('token')}</label>
        <p className="help">{t('tokenHelp')}</p>
        <textarea
          id={tokenId}
          rows={3}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <button type="submit">{t('signIn')}</button>
      </form>
      {settings && settings.demoUsers.length > 0 && <DemoUsers users={settings.demoUsers} onPick={(value) => void tryToken(value)} />}
    </section>
  );
}

function DemoUsers({ users, onPick }: { users: DemoUser[]; onPick: (token: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('demoUsers')}</h2>
      <ul className="plain stack">
        {users.map((user) => (
          <li key={user.label}>
            <button type="button" onClick={() => onPick(user.token)}>
              {user.label}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
