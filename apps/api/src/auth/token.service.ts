import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
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
  /**
   * The secret as a key object, made once: given a string, jsonwebtoken first tries (and fails) to
   * parse it as a public key and then builds a key object, on every call.
   */
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.tokenSecret));
  }

  sign(claims: TokenClaims, expiresInSeconds = 12 * 3600): string {
    return jwt.sign({ org: claims.org }, this.key, {
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
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: DEV_ISSUER, audience: AUDIENCE });
      if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.org !== 'string') return null;
      // A token without an expiry would be valid forever: refused, whoever signed it.
      if (typeof payload.exp !== 'number') return null;
      return { sub: payload.sub, org: payload.org };
    } catch {
      return null;
    }
  }
}
