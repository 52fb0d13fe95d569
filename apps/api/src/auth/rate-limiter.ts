import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService, getStorageToken } from '@nestjs/throttler';
import type { AppConfig } from '@stagebank/config';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import type { Viewer } from './viewer';

const WINDOW_MS = 60_000;
/** At most one warning a minute while the shared store is unreachable. */
const WARN_EVERY_MS = 60_000;

/** Counts kept in Redis, shared by every replica; a request never waits long on it. */
export const sharedRateLimitStorage = (url: string): ThrottlerStorage =>
  new ThrottlerStorageRedisService(url, { keyPrefix: 'stagebank:ratelimit:', maxRetriesPerRequest: 1, connectTimeout: 1000, enableOfflineQueue: false });

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
 * throttler's storage, shared by replicas through Redis (REDIS_URL). When Redis cannot answer, this
 * process counts on its own meanwhile: a limit held a little loosely beats refusing everyone.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimiter');
  private readonly local = new ThrottlerStorageService();
  private warnedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
  ) {}

  /** Lets go of Redis and the local counts' timers, so a stopped process holds nothing open. */
  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    if (this.storage instanceof ThrottlerStorageRedisService) this.storage.redis.disconnect();
  }

  /** Counts one operation; throws RateLimitedError past the limit. */
  async consume(viewer: Viewer | undefined, address: string | undefined): Promise<RateLimitState> {
    const limit = this.config.limits.ratePerMinute;
    const record = await this.increment(trackerOf(viewer, address), limit);
    if (record.isBlocked) throw new RateLimitedError(limit, Math.max(1, Math.ceil(record.timeToBlockExpire)));
    return { limit, remaining: Math.max(0, limit - record.totalHits), resetSeconds: Math.max(0, Math.ceil(record.timeToExpire)) };
  }

  private async increment(tracker: string, limit: number) {
    try {
      return await this.storage.increment(tracker, WINDOW_MS, limit, WINDOW_MS, 'operations');
    } catch (error) {
      if (this.storage === this.local) throw error;
      if (Date.now() - this.warnedAt > WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.logger.warn(`shared rate-limit store unreachable (${(error as Error).message}); counting in this process meanwhile`);
      }
      return this.local.increment(tracker, WINDOW_MS, limit, WINDOW_MS, 'operations');
    }
  }
}

const trackerOf = (viewer: Viewer | undefined, address: string | undefined): string => {
  if (viewer?.apiKey) return `key:${viewer.apiKey.id}`;
  if (viewer) return `user:${viewer.userId}`;
  return `address:${address ?? 'unknown'}`;
};
