import { useEffect, useState } from 'react';

/** The screens, addressable by the URL hash (#/students/…), so links and the back button work. */
export type Route =
  | { name: 'placements' }
  | { name: 'students' }
  | { name: 'student'; id: string }
  | { name: 'employer'; id: string }
  | { name: 'import' }
  | { name: 'dashboard' }
  | { name: 'sbb' };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  if (first === 'students' && second) return { name: 'student', id: second };
  if (first === 'students') return { name: 'students' };
  if (first === 'employers' && second) return { name: 'employer', id: second };
  if (first === 'import') return { name: 'import' };
  if (first === 'dashboard') return { name: 'dashboard' };
  if (first === 'sbb') return { name: 'sbb' };
  return { name: 'placements' };
}

export const hrefOf = (route: Route): string =>
  route.name === 'student' ? `#/students/${route.id}` : route.name === 'employer' ? `#/employers/${route.id}` : `#/${route.name}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
