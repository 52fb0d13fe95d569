import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header the employer's page sends its link token in (never Authorization: a link is not a sign-in). */
export const LINK_HEADER = 'x-stagebank-link';

const SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * An employer link's token: `<link id>.<expiry, Unix seconds>.<HMAC-SHA256 of both>`, keyed by a key
 * derived from the server's token secret. Nothing secret is stored: the database keeps the link's
 * row (expiry, revoked, answer) and the token is worked out again from it when a coordinator asks.
 */
export class LinkTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('stagebank employer link v1').digest();
  }

  private signature(id: string, expiresSeconds: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expiresSeconds}`).digest('base64url');
  }

  sign(id: string, expiresAt: Date): string {
    const seconds = Math.floor(expiresAt.getTime() / 1000);
    return `${id}.${seconds}.${this.signature(id, seconds)}`;
  }

  /** The link id and expiry a token carries, if its signature holds; null for anything malformed or tampered with. */
  verify(token: string): { id: string; expiresSeconds: number } | null {
    const match = SHAPE.exec(token);
    if (!match) return null;
    const [, id, seconds, signature] = match;
    const expected = Buffer.from(this.signature(id, Number(seconds)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { id, expiresSeconds: Number(seconds) };
  }
}

/** Where the web app opens a link: the token rides in the URL's fragment, which browsers never send to a server. */
export const linkPath = (token: string) => `/#/listing/${token}`;
