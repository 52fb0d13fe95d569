import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage, getStorageToken } from '@nestjs/throttler';
import type { AppConfig } from '@stagebank/config';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../config.provider';
import type { Viewer } from './viewer';

const WINDOW_MS = 60_000;

/** Where a caller stands against the limit after one more operation. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Refused: too many operations; `retryAfterSeconds` tells the client when to try again. */
export class RateLimitedError extends StagebankError {
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCode.RATE_LIMITED, `Too many requests: at most ${limit} a minute; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Operations per minute (RATE_LIMIT_PER_MINUTE) per API key, per user, or for anonymous callers
 * per address, counted once per operation whichever transport brought it. The counts live in the
 * throttler's storage, so replicas can share them by giving it a shared store.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
  ) {}

  /** Counts one operation; throws RateLimitedError past the limit. */
  async consume(viewer: Viewer | undefined, address: string | undefined): Promise<RateLimitState> {
    const limit = this.config.limits.ratePerMinute;
    const record = await this.storage.increment(trackerOf(viewer, address), WINDOW_MS, limit, WINDOW_MS, 'operations');
    if (record.isBlocked) throw new RateLimitedError(limit, Math.max(1, Math.ceil(record.timeToBlockExpire)));
    return { limit, remaining: Math.max(0, limit - record.totalHits), resetSeconds: Math.max(0, Math.ceil(record.timeToExpire)) };
  }
}

const trackerOf = (viewer: Viewer | undefined, address: string | undefined): string => {
  if (viewer?.apiKey) return `key:${viewer.apiKey.id}`;
  if (viewer) return `user:${viewer.userId}`;
  return `address:${address ?? 'unknown'}`;
};
