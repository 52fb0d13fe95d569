/** The GraphQL API, with the signed-in token; errors carry the API's code and field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'stagebank.token';
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = session.token): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  if (body.errors?.length) {
    const [error] = body.errors;
    throw new ApiError(error.message, error.extensions?.code ?? 'ERROR', error.extensions?.field);
  }
  return body.data as T;
}

export interface DemoUser {
  label: string;
  token: string;
}

export interface WebAppSettings {
  mapTilesUrl: string | null;
  demoUsers: DemoUser[];
}

let settings: Promise<WebAppSettings> | null = null;
/** Public settings: map tiles, and the demo users' tokens (on the embedded default only). */
export const webAppSettings = (): Promise<WebAppSettings> =>
  (settings ??= gql<{ webApp: WebAppSettings }>(`{ webApp { mapTilesUrl demoUsers { label token } } }`, {}, null).then((d) => d.webApp));
