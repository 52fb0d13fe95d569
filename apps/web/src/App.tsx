import { useState } from 'react';
import { session } from './api';
import { Language, translate } from './i18n';
import { hrefOf, useRoute } from './route';
import { NotificationBell } from './components/NotificationBell';
import { DashboardScreen } from './screens/DashboardScreen';
import { EmployerScreen } from './screens/EmployerScreen';
import { SbbScreen } from './screens/SbbScreen';
import { ImportScreen } from './screens/ImportScreen';
import { PlacementsScreen } from './screens/PlacementsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { StudentScreen, StudentsScreen } from './screens/StudentsScreen';

/** The shell: sign-in, or the app with its header (language switch, sign out). */
export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('stagebank.language') as Language) ?? 'nl');
  const [token, setToken] = useState<string | null>(() => session.token);
  const route = useRoute();
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
        <nav aria-label="main">
          {token && (
            <>
              <a href={hrefOf({ name: 'placements' })} aria-current={route.name === 'placements' ? 'page' : undefined}>{t('placements')}</a>
              <a href={hrefOf({ name: 'students' })} aria-current={route.name.startsWith('student') ? 'page' : undefined}>{t('students')}</a>
              <a href={hrefOf({ name: 'import' })} aria-current={route.name === 'import' ? 'page' : undefined}>{t('import')}</a>
              <a href={hrefOf({ name: 'dashboard' })} aria-current={route.name === 'dashboard' ? 'page' : undefined}>{t('dashboard')}</a>
              <a href={hrefOf({ name: 'sbb' })} aria-current={route.name === 'sbb' ? 'page' : undefined}>{t('sbb')}</a>
            </>
          )}
        </nav>
        <button type="button" onClick={switchLanguage}>
          {t('language')}
        </button>
        {token && <NotificationBell t={t} />}
        {token && (
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
        )}
      </header>
      <main>
        {!token ? (
          <SignInScreen t={t} onSignIn={signIn} />
        ) : route.name === 'students' ? (
          <StudentsScreen t={t} />
        ) : route.name === 'student' ? (
          <StudentScreen id={route.id} t={t} language={language} />
        ) : route.name === 'employer' ? (
          <EmployerScreen id={route.id} t={t} />
        ) : route.name === 'import' ? (
          <ImportScreen t={t} />
        ) : route.name === 'dashboard' ? (
          <DashboardScreen t={t} />
        ) : route.name === 'sbb' ? (
          <SbbScreen t={t} />
        ) : (
          <PlacementsScreen t={t} language={language} />
        )}
      </main>
    </>
  );
}
