import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { MembershipRole } from '@stagebank/domain';
import jwt from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { createHash } from 'node:crypto';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { AuthRepository } from './auth.repository';
import { inAnyScope } from './request-context';
import { DEV_ISSUER, TokenService } from './token.service';
import type { Viewer } from './viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const API_KEY_PREFIX = 'sbk_';
export const ORGANISATION_HEADER = 'x-stagebank-organisation';

export const hashApiKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const refuse = (message: string) => new StagebankError(ErrorCode.UNAUTHENTICATED, message);
const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Who is asking, from the Authorization header: an API key (`sbk_…`), a token stagebank signed
 * (`npm run token`, the demo users), or an OpenID Connect token verified against the provider's
 * JWKS. No header: anonymous. Anything else that fails: UNAUTHENTICATED, never a guess.
 */
@Injectable()
export class Authenticator {
  /** The provider's signing keys, cached, fetched again (rate-limited) for an unknown key id. */
  private readonly jwks: JwksClient | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly repository: AuthRepository,
  ) {
    const oidc = config.auth.oidc;
    this.jwks = oidc
      ? new JwksClient({ jwksUri: oidc.jwksUrl, cache: true, cacheMaxAge: 10 * 60_000, rateLimit: true, jwksRequestsPerMinute: 10, timeout: 5000 })
      : null;
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Viewer | null> {
    const authorization = header(headers, 'authorization');
    if (authorization === undefined) return null;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) throw refuse('Send the token as "Authorization: Bearer <token>"');
    if (token.startsWith(API_KEY_PREFIX)) return this.apiKey(token);

    const issuer = (jwt.decode(token) as jwt.JwtPayload | null)?.iss;
    if (issuer === DEV_ISSUER) {
      const claims = this.tokens.verify(token);
      if (!claims || !UUID.test(claims.sub) || !UUID.test(claims.org)) throw refuse('The bearer token is invalid or expired');
      return this.member(claims.sub, claims.org);
    }
    if (this.config.auth.oidc && issuer === this.config.auth.oidc.issuer) return this.oidc(token, headers);
    throw refuse('The bearer token is invalid or expired');
  }

  private async member(userId: string, organisationId: string, apiKey?: Viewer['apiKey']): Promise<Viewer> {
    // On every request: one plain statement, on a connection in whatever scope it is (memberships have no row-level security).
    const membership = await inAnyScope(() => this.repository.membership(userId, organisationId));
    if (!membership) throw refuse('The token names an organisation this user does not belong to');
    return { userId, organisationId, organisationKind: membership.kind, role: membership.role, ...(apiKey && { apiKey }) };
  }

  private async apiKey(secret: string): Promise<Viewer> {
    const key = await this.repository.findApiKey(hashApiKey(secret));
    if (!key) throw refuse('Unknown API key');
    if (key.revokedAt) throw refuse('This API key was revoked');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) await this.repository.markApiKeyUsed(key.id, new Date());
    return {
      userId: key.createdByUserId,
      organisationId: key.organisationId,
      organisationKind: key.organisation.kind,
      role: MembershipRole.API_CLIENT,
      apiKey: { id: key.id, scope: key.scope, studentAccess: key.studentAccess },
    };
  }

  /** Verifies signature (by the key the token's `kid` names), issuer, audience and expiry. */
  private verifyOidc(token: string): Promise<jwt.JwtPayload> {
    const oidc = this.config.auth.oidc!;
    return new Promise((resolve, reject) =>
      jwt.verify(
        token,
        (tokenHeader, callback) =>
          void this.jwks!.getSigningKey(tokenHeader.kid).then(
            (key) => callback(null, key.getPublicKey()),
            (error: Error) => callback(error),
          ),
        // The API's audience, or the web app's client: its ID token is what the web app sends.
        {
          algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'],
          issuer: oidc.issuer,
          audience: oidc.web ? [oidc.audience, oidc.web.clientId] : oidc.audience,
        },
        (error, payload) => (error || !payload || typeof payload === 'string' ? reject(error ?? new Error('no payload')) : resolve(payload)),
      ),
    );
  }

  /** An OpenID Connect token: signature by the provider's key, issuer, audience and expiry; then the stagebank user it belongs to. */
  private async oidc(token: string, headers: Record<string, string | string[] | undefined>): Promise<Viewer> {
    const oidc = this.config.auth.oidc!;
    let claims: jwt.JwtPayload;
    try {
      claims = await this.verifyOidc(token);
    } catch {
      throw refuse('The sign-in token is invalid or expired');
    }
    if (typeof claims.sub !== 'string') throw refuse('The sign-in token names no subject');
    if (typeof claims.exp !== 'number') throw refuse('The sign-in token has no expiry (exp): tokens must expire');
    const subject = `${oidc.issuer}|${claims.sub}`;
    let user = await this.repository.findUserByOidcSubject(subject);
    if (!user && typeof claims.email === 'string' && claims.email_verified === true) {
      user = await this.repository.findUnlinkedUserByEmail(claims.email.toLowerCase());
      if (user) await this.repository.linkOidcSubject(user.id, subject);
    }
    if (!user) throw refuse("No stagebank account for this sign-in: ask your organisation's admin to add you");

    const named = claims[oidc.organisationClaim] ?? header(headers, ORGANISATION_HEADER);
    if (typeof named === 'string') {
      if (!UUID.test(named)) throw refuse(`The organisation (${oidc.organisationClaim} claim or ${ORGANISATION_HEADER} header) must be an organisation id`);
      return this.member(user.id, named);
    }
    const memberships = await this.repository.membershipsOfByOrganisationName(user.id);
    if (memberships.length === 1) return this.member(user.id, memberships[0].organisationId);
    // Their own organisations, to choose from: only someone holding this user's valid token sees them.
    const choices = memberships.map((m) => ({ id: m.organisationId, name: m.organisation.name }));
    throw new StagebankError(
      ErrorCode.UNAUTHENTICATED,
      `This user belongs to ${memberships.length} organisations: name one in the ${ORGANISATION_HEADER} header`,
      ORGANISATION_HEADER,
      undefined,
      { organisations: choices },
    );
  }
}
