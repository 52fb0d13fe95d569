import type { UserManager } from 'oidc-client-ts';
import type { WebAppSettings } from './api';

type Provider = NonNullable<WebAppSettings['oidc']>;

/**
 * Sign-in with the school account: authorization code with PKCE at the provider (oidc-client-ts),
 * back to this page, then the ID token is what the app sends to the API. The library is loaded
 * only when the school account is used, so the sign-in screen stays small.
 */
async function manager(provider: Provider): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: provider.issuer,
    client_id: provider.clientId,
    redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: provider.scope,
    loadUserInfo: false,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

export async function startSchoolSignIn(provider: Provider): Promise<void> {
  await (await manager(provider)).signinRedirect();
}

/** Whether this page load is the provider sending the user back (with a code, or an error). */
export const isSignInCallback = (): boolean => {
  const query = new URLSearchParams(location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
};

/** Completes the sign-in the provider sent back, and returns the ID token. */
export async function finishSchoolSignIn(provider: Provider): Promise<string> {
  try {
    const user = await (await manager(provider)).signinRedirectCallback();
    if (!user.id_token) throw new Error('the provider sent no ID token');
    return user.id_token;
  } finally {
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
  }
}

export async function forgetSchoolSignIn(provider: Provider): Promise<void> {
  await (await manager(provider)).removeUser();
}
