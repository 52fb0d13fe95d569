import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimitedError } from '../auth/rate-limiter';
import { StagebankError } from '../common/stagebank.error';
import { GatedRequest, OperationGate } from './operation-gate';

type HttpContext = { req: GatedRequest & { ip?: string } };

/** The answer over HTTP for an operation the WebSocket carries (a subscription). */
export const SUBSCRIPTION_OVER_HTTP = 'Subscriptions run over the WebSocket (graphql-ws) at /graphql, not over HTTP POST';

/**
 * HTTP's door to OperationGate: every operation Apollo parsed and validated is admitted here, once,
 * before any resolver runs. Rate-limit state goes out as RateLimit-* headers, a refusal as 429
 * with Retry-After.
 */
export function httpOperationGate(gate: OperationGate): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue, response }) {
          if (!operation) return; // Apollo refuses it itself
          if (operation.operation === 'subscription') {
            throw new GraphQLError(SUBSCRIPTION_OVER_HTTP, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          try {
            const state = await gate.admit(contextValue.req, contextValue.req.ip, { document, operation, variables: request.variables });
            response.http.headers.set('ratelimit-limit', String(state.limit));
            response.http.headers.set('ratelimit-remaining', String(state.remaining));
            response.http.headers.set('ratelimit-reset', String(state.resetSeconds));
          } catch (error) {
            if (error instanceof RateLimitedError) {
              const headers = new HeaderMap([['retry-after', String(error.retryAfterSeconds)]]);
              throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 429, headers } } });
            }
            if (error instanceof StagebankError)
              throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 400 } } });
            throw error;
          }
        },
      };
    },
  };
}
