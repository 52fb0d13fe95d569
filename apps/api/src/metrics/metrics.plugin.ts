import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { noteOperation } from '../logging/logging';
import { Metrics } from './metrics';

/** Counts and times every GraphQL operation over HTTP, by name, type and outcome, and names it in the request's log line. */
@Plugin()
export class MetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const started = process.hrtime.bigint();
    const metrics = this.metrics;
    return {
      async willSendResponse({ operation, operationName, response, contextValue }) {
        const labels = { operation: metrics.operationLabel(operationName), type: operation?.operation ?? 'invalid' };
        const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
        metrics.operations.inc({ ...labels, outcome: failed ? 'error' : 'ok' });
        metrics.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        noteOperation((contextValue as { req?: unknown }).req, { ...labels, outcome: failed ? 'error' : 'ok' });
      },
    };
  }
}
