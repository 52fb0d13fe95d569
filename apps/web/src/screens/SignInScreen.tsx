import { FormEvent, useEffect, useState } from 'react';
import { ApiError, DemoUser, gql, webAppSettings } from '../api';
import type { TextKey } from '../i18n';

/** Sign in with a token (OIDC login comes with a configured provider); the demo users on the embedded default. */
export function SignInScreen({ t, onSignIn }: { t: (key: TextKey) => string; onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<DemoUser[]>([]);
  useEffect(() => void webAppSettings().then((s) => setDemo(s.demoUsers)), []);

  const tryToken = async (value: string) => {
    try {
      await gql<{ me: { user: { id: string } } }>(`{ me { user { id } } }`, {}, value);
      onSignIn(value);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void tryToken(token.trim());
  };
  return (
    <section className="card narrow">
      <h1>{t('signIn')}</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">{t('token')}</label>
        <p className="help">{t('tokenHelp')}</p>
        <textarea id="token" rows={3} value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={error !== null} aria-describedby="token-error" />
        {error && (
          <p id="token-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t('signIn')}</button>
      </form>
      {demo.length > 0 && (
        <>
          <h2>{t('demoUsers')}</h2>
          <ul className="plain">
            {demo.map((user) => (
              <li key={user.label}>
                <button type="button" onClick={() => void tryToken(user.token)}>
                  {user.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
