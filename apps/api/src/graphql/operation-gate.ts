import { Injectable } from '@nestjs/common';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { Authenticator } from '../auth/authenticator';
import { RateLimitState, RateLimiter } from '../auth/rate-limiter';
import type { RequestWithViewer, Viewer } from '../auth/viewer';
import { assertArgumentsSafe } from './argument-guard';

/** A request as both transports describe it: its headers, and who it was resolved to (once). */
export type GatedRequest = RequestWithViewer & { viewerResolved?: boolean };

/** The operation being admitted, parsed and validated. */
export interface GatedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
}

/**
 * Admits one GraphQL operation, whichever transport brought it: resolves the caller once per
 * operation, counts it against the rate limit and checks every argument (assertArgumentsSafe).
 * Runs after the document parsed and validated (OperationLimits) and before any resolver.
 */
@Injectable()
export class OperationGate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /**
   * The caller, resolved once and kept on the request for the resolvers (ViewerGuard). A token that
   * does not authenticate is refused by the resolvers that need a caller, each with its own error,
   * as before; until then the operation counts against the caller's address.
   */
  async viewer(req: GatedRequest): Promise<Viewer | undefined> {
    if (req.viewerResolved) return req.viewer;
    const viewer = await this.authenticator.authenticate(req.headers).catch(() => undefined);
    if (viewer === undefined) return undefined;
    req.viewer = viewer ?? undefined;
    req.viewerResolved = true;
    return req.viewer;
  }

  /** Throws RateLimitedError past the caller's limit, BAD_USER_INPUT for an argument no field may take. */
  async admit(req: GatedRequest, address: string | undefined, operation: GatedOperation): Promise<RateLimitState> {
    const state = await this.rateLimiter.consume(await this.viewer(req), address);
    assertArgumentsSafe(operation.document, operation.operation, operation.variables);
    return state;
  }
}
