import { ComponentType, lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ME, Viewer, gql, session, webAppSettings, whenSignedOut } from './api';
import { NotificationBell } from './components/NotificationBell';
import { I18nContext, Language, makeI18n } from './i18n';
import { forgetSchoolSignIn } from './oidc';
import { Route, hrefOf, useRoute } from './route';
import { SignInScreen } from './screens/SignInScreen';
import { ViewerContext, may } from './viewer';

// Each screen is its own chunk: the sign-in screen loads without the map, the charts or the editors.
const named = <P extends object, K extends string>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const PlacementsScreen = named(() => import('./screens/PlacementsScreen'), 'PlacementsScreen');
const EmployersScreen = named(() => import('./screens/EmployersScreen'), 'EmployersScreen');
const EmployerScreen = named(() => import('./screens/employer/EmployerScreen'), 'EmployerScreen');
const StudentsScreen = named(() => import('./screens/student/StudentsScreen'), 'StudentsScreen');
const StudentScreen = named(() => import('./screens/student/StudentScreen'), 'StudentScreen');
const ImportScreen = named(() => import('./screens/ImportScreen'), 'ImportScreen');
const DashboardScreen = named(() => import('./screens/DashboardScreen'), 'DashboardScreen');
const SbbScreen = named(() => import('./screens/SbbScreen'), 'SbbScreen');
const PlanScreen = named(() => import('./screens/PlanScreen'), 'PlanScreen');
const ListingScreen = named(() => import('./screens/ListingScreen'), 'ListingScreen');
const LinkRoundScreen = named(() => import('./screens/LinkRoundScreen'), 'LinkRoundScreen');

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'employers':
      return <EmployersScreen />;
    case 'employer':
      return <EmployerScreen id={route.id} />;
    case 'students':
      return <StudentsScreen />;
    case 'student':
      return <StudentScreen id={route.id} />;
    case 'import':
      return <ImportScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'sbb':
      return <SbbScreen />;
    case 'plan':
      return <PlanScreen />;
    case 'rounds':
      return <LinkRoundScreen key={hrefOf(route)} region={route.region} schoolYear={route.schoolYear} />;
    default:
      return <PlacementsScreen />;
  }
}

/** The shell: sign-in, or the app with its header (screens, organisation, language, notifications, sign out). */
export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('stagebank.language') as Language) ?? 'nl');
  const i18n = useMemo(() => makeI18n(language), [language]);
  const { t } = i18n;
  const [token, setToken] = useState<string | null>(() => session.token);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const signOut = (why: string | null) => {
    session.token = null;
    session.organisation = null;
    setToken(null);
    setViewer(null);
    setNotice(why);
    void webAppSettings().then((s) => s.oidc && forgetSchoolSignIn(s.oidc));
  };
  useEffect(() => whenSignedOut(() => signOut(t('signedOut'))), [t]);
  useEffect(() => {
    if (token)
      void gql<{ me: Viewer }>(ME).then(
        (d) => setViewer(d.me),
        () => undefined,
      );
  }, [token]);

  const switchLanguage = () => {
    const next = language === 'nl' ? 'en' : 'nl';
    localStorage.setItem('stagebank.language', next);
    setLanguage(next);
  };
  const signIn = (value: string) => {
    session.token = value;
    setNotice(null);
    setToken(value);
  };
  const link = (to: Route, text: string, current: boolean) => (
    <a href={hrefOf(to)} aria-current={current ? 'page' : undefined}>
      {text}
    </a>
  );

  // An employer's own page: public, no sign-in, nothing of the coordinators' app around it.
  if (route.name === 'listing')
    return (
      <I18nContext.Provider value={i18n}>
        <header className="bar">
          <strong>{t('appName')}</strong>
          <button type="button" onClick={switchLanguage} lang={language === 'nl' ? 'en' : 'nl'}>
            {t('language')}
          </button>
        </header>
        <main id="main">
          <Suspense fallback={<p>{t('loading')}</p>}>
            <ListingScreen token={route.token} />
          </Suspense>
        </main>
      </I18nContext.Provider>
    );

  return (
    <I18nContext.Provider value={i18n}>
      <ViewerContext.Provider value={viewer}>
        <a className="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header className="bar">
          <strong>{t('appName')}</strong>
          <nav aria-label="main">
            {token && (
              <>
                {link({ name: 'placements' }, t('placements'), route.name === 'placements')}
                {link({ name: 'employers' }, t('employers'), route.name.startsWith('employer') || route.name === 'rounds')}
                {may.keepStudents(viewer) && link({ name: 'students' }, t('students'), route.name.startsWith('student'))}
                {may.planCohort(viewer) && link({ name: 'plan' }, t('planGroup'), route.name === 'plan')}
                {may.editNetwork(viewer) && link({ name: 'import' }, t('import'), route.name === 'import')}
                {link({ name: 'dashboard' }, t('dashboard'), route.name === 'dashboard')}
                {link({ name: 'sbb' }, t('sbb'), route.name === 'sbb')}
              </>
            )}
          </nav>
          {viewer && (
            <span className="who" data-testid="who">
              {viewer.user.displayName}, {viewer.organisation.name}
            </span>
          )}
          {token && session.organisation && viewer && viewer.memberships.length > 1 && (
            <label>
              <span className="visually-hidden">{t('organisation')}</span>
              <select
                value={viewer.organisation.id}
                onChange={(e) => {
                  session.organisation = e.target.value;
                  location.reload();
                }}
              >
                {viewer.memberships.map((m) => (
                  <option key={m.organisation.id} value={m.organisation.id}>
                    {m.organisation.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={switchLanguage} lang={language === 'nl' ? 'en' : 'nl'}>
            {t('language')}
          </button>
          {token && <NotificationBell />}
          {token && (
            <button type="button" onClick={() => signOut(null)}>
              {t('signOut')}
            </button>
          )}
        </header>
        <main id="main">
          {!token ? (
            <SignInScreen onSignIn={signIn} notice={notice} />
          ) : (
            <Suspense fallback={<p>{t('loading')}</p>}>
              <Screen route={route} />
            </Suspense>
          )}
        </main>
      </ViewerContext.Provider>
    </I18nContext.Provider>
  );
}
