// A real OpenID Connect provider (panva's oidc-provider, certified), run as its own process the way a
// school's identity provider runs apart from stagebank. Its development sign-in form takes any
// login: here an e-mail address, which becomes the account's verified e-mail. Prints {"issuer": …}
// once it listens.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { clientId, redirectUri } = JSON.parse(process.argv[2]);
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    { client_id: clientId, token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] },
  ],
  jwks: { keys: [{ ...key, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Like most school providers: the e-mail in the ID token itself (a first sign-in links by it).
  conformIdTokenClaims: false,
  cookies: { keys: ['stagebank-test-cookies'] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: id, email_verified: true }) }),
  features: { devInteractions: { enabled: true } },
});
provider.on('server_error', (_ctx, error) => console.error(error));
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
