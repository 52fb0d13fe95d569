import { useCallback, useEffect, useRef, useState } from 'react';

/** The GraphQL API, with the signed-in token; errors carry the API's code and field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'stagebank.token';
const ORGANISATION_KEY = 'stagebank.organisation';
/** Kept for the browser tab only (sessionStorage): closing it signs out. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  /** For someone in several organisations who signed in with the school account: the one chosen. */
  get organisation(): string | null {
    return sessionStorage.getItem(ORGANISATION_KEY);
  },
  set organisation(value: string | null) {
    if (value) sessionStorage.setItem(ORGANISATION_KEY, value);
    else sessionStorage.removeItem(ORGANISATION_KEY);
  },
};

let onSignedOut: () => void = () => undefined;
/** What to do when the API no longer accepts the session's token (expired, revoked). */
export const whenSignedOut = (handler: () => void) => void (onSignedOut = handler);

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = session.token): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (token && session.organisation) headers['x-stagebank-organisation'] = session.organisation;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string; field?: string } & Record<string, unknown> }>;
  };
  if (body.errors?.length) {
    const [error] = body.errors;
    const failure = new ApiError(error.message, error.extensions?.code ?? 'ERROR', error.extensions?.field, error.extensions);
    if (failure.code === 'UNAUTHENTICATED' && token && token === session.token) onSignedOut();
    throw failure;
  }
  return body.data as T;
}

/**
 * The GraphQL API for an employer's own page: the link's token, in its own header, is the only
 * credential (no sign-in token is ever sent from that page).
 */
export async function linkGql<T>(query: string, variables: Record<string, unknown>, link: string): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-stagebank-link': link },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  if (body.errors?.length) {
    const [error] = body.errors;
    throw new ApiError(error.message, error.extensions?.code ?? 'ERROR', error.extensions?.field, error.extensions);
  }
  return body.data as T;
}

/** The message to show for a failed call. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * For calls that may overlap (a search typed while the first list loads): `begin()` marks a call and
 * returns whether it is still the latest, so an earlier, slower answer never overwrites a newer one.
 */
export function useLatest(): () => () => boolean {
  const latest = useRef(0);
  return useCallback(() => {
    const mine = ++latest.current;
    return () => mine === latest.current;
  }, []);
}

/** Runs a query when `key` changes; `reload` runs it again (after a change). */
export function useQuery<T>(
  query: string,
  variables: Record<string, unknown>,
  key: string,
): { data: T | null; error: string | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const begin = useLatest();
  const reload = useCallback(async () => {
    const latest = begin();
    try {
      const answer = await gql<T>(query, variables);
      if (!latest()) return;
      setData(answer);
      setError(null);
    } catch (e) {
      if (latest()) setError(messageOf(e));
    }
    // `key` stands for the variables, which are a new object at every render.
  }, [query, key, begin]);
  useEffect(() => void reload(), [reload]);
  return { data, error, reload };
}

export interface DemoUser {
  label: string;
  token: string;
}

export interface WebAppSettings {
  mapTilesUrl: string | null;
  demoUsers: DemoUser[];
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

let settings: Promise<WebAppSettings> | null = null;
/** Public settings: map tiles, the school-account sign-in, and the demo users (on the embedded default only). */
export const webAppSettings = (): Promise<WebAppSettings> =>
  (settings ??= gql<{ webApp: WebAppSettings }>(`{ webApp { mapTilesUrl demoUsers { label token } oidc { issuer clientId scope } } }`, {}, null).then(
    (d) => d.webApp,
  ));

export interface Viewer {
  user: { id: string; displayName: string };
  organisation: { id: string; name: string; kind: string; region: string | null };
  role: string;
  memberships: Array<{ organisation: { id: string; name: string } }>;
}
export const ME = `{ me { role user { id displayName } organisation { id name kind region } memberships { organisation { id name } } } }`;
