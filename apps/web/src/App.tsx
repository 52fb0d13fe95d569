import { useState } from 'react';
import { session } from './api';
import { Language, translate } from './i18n';
import { PlacementsScreen } from './screens/PlacementsScreen';
import { SignInScreen } from './screens/SignInScreen';

/** The shell: sign-in, or the app with its header (language switch, sign out). */
export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('stagebank.language') as Language) ?? 'nl');
  const [token, setToken] = useState<string | null>(() => session.token);
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const switchLanguage = () => {
    const next = language === 'nl' ? 'en' : 'nl';
    localStorage.setItem('stagebank.language', next);
    document.documentElement.lang = next;
    setLanguage(next);
  };
  const signIn = (value: string) => {
    session.token = value;
    setToken(value);
  };
  const signOut = () => {
    session.token = null;
    setToken(null);
  };
  return (
    <>
      <header className="bar">
        <strong>{t('appName')}</strong>
        <nav aria-label="main">{token && <span>{t('placements')}</span>}</nav>
        <button type="button" onClick={switchLanguage}>
          {t('language')}
        </button>
        {token && (
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
        )}
      </header>
      <main>{token ? <PlacementsScreen t={t} language={language} /> : <SignInScreen t={t} onSignIn={signIn} />}</main>
    </>
  );
}
