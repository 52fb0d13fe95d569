import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import type { RequestWithViewer } from './viewer';

/**
 * Requests per minute per API key, per user, or for anonymous callers per address
 * (RATE_LIMIT_PER_MINUTE). Runs after ViewerGuard, so it knows who is asking.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    // Subscriptions (graphql-ws) have no HTTP response; the connection was authenticated once.
    if (!GqlExecutionContext.create(context).getContext<{ req: { res?: unknown } }>().req.res) return true;
    return super.canActivate(context);
  }

  protected override getRequestResponse(context: ExecutionContext) {
    const { req } = GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer & { res: unknown } }>();
    return { req: req as unknown as Record<string, any>, res: req.res as Record<string, any> };
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const viewer = (req as RequestWithViewer).viewer;
    if (viewer?.apiKey) return `key:${viewer.apiKey.id}`;
    if (viewer) return `user:${viewer.userId}`;
    return `address:${req.ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new StagebankError(
      ErrorCode.RATE_LIMITED,
      `Too many requests: at most ${detail.limit} a minute; try again in ${Math.max(1, Math.ceil(detail.timeToBlockExpire))} s`,
    );
  }
}
