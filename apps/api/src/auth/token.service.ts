import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG } from '../common/config.provider';
import type { AppConfig } from '@stagebank/config';

export interface TokenClaims {
  /** User id. */
  sub: string;
  /** The organisation the user acts for. */
  org: string;
}

/** The issuer of the tokens stagebank signs itself. */
export const DEV_ISSUER = 'stagebank-dev';
const AUDIENCE = 'stagebank';

/** Signs and verifies the development tokens (HS256 with the configured token secret). */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  sign(claims: TokenClaims, expiresInSeconds = 12 * 3600): string {
    return jwt.sign({ org: claims.org }, this.config.auth.tokenSecret, {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: DEV_ISSUER,
      audience: AUDIENCE,
      expiresIn: expiresInSeconds,
    });
  }

  /** Returns the claims, or null when the token is malformed, expired, without expiry or not ours. */
  verify(token: string): TokenClaims | null {
    try {
      const payload = jwt.verify(token, this.config.auth.tokenSecret, { algorithms: ['HS256'], issuer: DEV_ISSUER, audience: AUDIENCE });
      if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.org !== 'string') return null;
      // A token without an expiry would be valid forever: refused, whoever signed it.
      if (typeof payload.exp !== 'number') return null;
      return { sub: payload.sub, org: payload.org };
    } catch {
      return null;
    }
  }
}
