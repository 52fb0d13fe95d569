import { useEffect, useState } from 'react';

/** The screens, addressable by the URL hash (#/students/…), so links and the back button work. */
export type Route =
  | { name: 'placements' }
  | { name: 'employers' }
  | { name: 'employer'; id: string }
  | { name: 'students' }
  | { name: 'student'; id: string }
  | { name: 'import' }
  | { name: 'plan' }
  | { name: 'dashboard' }
  | { name: 'sbb' }
  /** A region's yearly round of employer links (default: the viewer's region, the coming school year). */
  | { name: 'rounds'; region?: string; schoolYear?: string }
  /** An employer's own page, opened from the link a coordinator sent (no sign-in). */
  | { name: 'listing'; token: string };

export function parseRoute(hash: string): Route {
  const [, first, second, third] = hash.replace(/^#/, '').split('/');
  if (first === 'students') return second ? { name: 'student', id: second } : { name: 'students' };
  if (first === 'employers') return second ? { name: 'employer', id: second } : { name: 'employers' };
  if (first === 'listing' && second) return { name: 'listing', token: second };
  if (first === 'rounds') return { name: 'rounds', ...(second && { region: second }), ...(third && { schoolYear: third }) };
  if (first === 'import' || first === 'dashboard' || first === 'sbb' || first === 'plan') return { name: first };
  return { name: 'placements' };
}

export const hrefOf = (route: Route): string =>
  route.name === 'student'
    ? `#/students/${route.id}`
    : route.name === 'employer'
      ? `#/employers/${route.id}`
      : route.name === 'listing'
        ? `#/listing/${route.token}`
        : route.name === 'rounds'
          ? ['#/rounds', route.region, route.region && route.schoolYear].filter(Boolean).join('/')
          : `#/${route.name}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
