import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { AppConfig } from '@stagebank/config';
import { ExecutionArgs, GraphQLError, GraphQLFormattedError, OperationTypeNode, getOperationAST } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { Context, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { formatGraphQLError } from '../common/graphql-errors';
import { LoadersFactory } from './loaders';
import { StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { GatedRequest, OperationGate } from './operation-gate';
import { OperationLimits } from './operation-limits';

const PATH = '/graphql';
/** Live subscriptions one connection may hold; the web app needs one. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 10;
/** A subscription document is small; this also bounds what one message can make us parse. */
const MAX_MESSAGE_BYTES = 64 * 1024;

type Extra = { socket: WebSocket; request: IncomingMessage };

/** A graphql-ws connection's parameters as the headers an HTTP request would carry. */
const headersOf = (ctx: Context<Record<string, unknown> | undefined, Extra>): Record<string, string | undefined> => {
  const param = (name: string) => (typeof ctx.connectionParams?.[name] === 'string' ? (ctx.connectionParams[name] as string) : undefined);
  return { authorization: param('authorization') ?? param('Authorization'), 'x-stagebank-organisation': param('organisation') };
};

const refusal = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * GraphQL over the WebSocket (graphql-ws, at /graphql), for subscriptions only: queries and
 * mutations belong to HTTP. Each subscription passes the same doors as an HTTP operation, in the
 * same order: the token limit while parsing, validation with the same limits (OperationLimits),
 * then OperationGate (caller, rate limit); every error is formatted by formatGraphQLError.
 */
@Injectable()
export class GraphqlWebSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GraphQL WebSocket');
  private server: Server | null = null;
  private sockets: WebSocketServer | null = null;
  private dispose: (() => Promise<void> | void) | null = null;
  private readonly format: (error: GraphQLError) => GraphQLFormattedError;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly limits: OperationLimits,
    private readonly gate: OperationGate,
    private readonly loaders: LoadersFactory,
  ) {
    const hideSuggestions = config.env === 'production';
    this.format = (error) => formatGraphQLError(error.toJSON(), error, { hideSuggestions });
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    this.dispose = useServer<Record<string, unknown> | undefined, Extra>(
      {
        onConnect: async (ctx) => (await this.gate.viewer({ headers: headersOf(ctx) })) !== undefined,
        onSubscribe: (ctx, id, payload) => this.subscribe(ctx, payload),
        onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(this.format) } : undefined),
        onError: (_ctx, _id, _payload, errors) => errors.map(this.format),
      },
      this.sockets,
    ).dispose;
    this.server.on('upgrade', this.upgrade);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.server?.off('upgrade', this.upgrade);
    await this.dispose?.();
  }

  private readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== PATH) {
      socket.destroy();
      return;
    }
    this.sockets!.handleUpgrade(request, socket, head, (ws) => this.sockets!.emit('connection', ws, request));
  };

  private async subscribe(
    ctx: Context<Record<string, unknown> | undefined, Extra>,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const document = this.limits.parse(payload.query);
    if (Array.isArray(document)) return document;
    const schema = this.schemaHost.schema;
    const invalid = this.limits.validate(schema, document);
    if (invalid.length) return invalid;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return refusal('Name the operation to run (operationName)', 'OPERATION_RESOLUTION_FAILURE');
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return refusal('The WebSocket carries subscriptions only; send queries and mutations as HTTP POST /graphql', 'BAD_REQUEST');
    }
    // graphql-ws has already entered this one.
    if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return refusal(`At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, 'BAD_REQUEST');
    }
    // Apollo reports variables that do not fit their types as BAD_USER_INPUT; so do we.
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 20 });
    if (variables.errors)
      return variables.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
    const req: GatedRequest = { headers: headersOf(ctx) };
    try {
      await this.gate.admit(req, ctx.extra.request.socket.remoteAddress, { document, operation, variables: payload.variables ?? undefined });
    } catch (error) {
      if (error instanceof StagebankError) return [new GraphQLError(error.message, { originalError: error })];
      throw error;
    }
    this.logger.debug(`subscription ${operation.name?.value ?? '(anonymous)'} for organisation ${req.viewer?.organisationId ?? 'none'}`);
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: { req, loaders: this.loaders.create(req) },
    };
  }
}
