import { DynamicModule, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Viewer } from '../auth/viewer';

/** What the GraphQL layer learns of a request, for its one log line (set by MetricsPlugin). */
export interface LoggedOperation {
  operation: string;
  type: string;
  outcome: 'ok' | 'error';
}

/** The request as the log line reads it: the viewer (ViewerGuard, OperationGate) and the operation. */
interface LoggedRequest extends IncomingMessage {
  viewer?: Viewer;
  graphqlOperation?: LoggedOperation;
}

/** Where a request's one line goes to; a test passes a stream to read the lines. */
export interface LoggingOptions {
  stream?: DestinationStream;
}

/**
 * Nest's own start-up lines (modules loaded, routes mapped, "successfully started"): at debug,
 * not info, so an operator's info log holds the service's lines and the requests.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'GraphQLModule',
  'NestApplicationContext',
]);

@Injectable()
export class ServiceLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

/**
 * One JSON line a request in production (pino), a pretty one in development (pino-pretty): the
 * method and path (never the query string, which may carry variables), the GraphQL operation's
 * name and type, the caller's organisation (never the user, and never a student: a student is
 * only ever data, not a caller), the duration and the outcome. Headers are not logged at all.
 */
export function loggingModule(config: AppConfig, options: LoggingOptions = {}, http = true): DynamicModule {
  const pretty = config.env === 'development' && !options.stream;
  const pinoOptions = {
    level: config.logLevel,
    transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,req,res', translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    autoLogging: http ? { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' } : false,
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    customSuccessObject: (req: IncomingMessage, res: ServerResponse, value: Record<string, unknown>) => ({ ...value, ...describe(req as LoggedRequest, res) }),
    customErrorObject: (req: IncomingMessage, res: ServerResponse, _error: Error, value: Record<string, unknown>) => ({
      ...value,
      ...describe(req as LoggedRequest, res),
    }),
    customSuccessMessage: (req: IncomingMessage, res: ServerResponse, durationMs: number) => message(req as LoggedRequest, res, durationMs),
    customErrorMessage: (req: IncomingMessage, res: ServerResponse) => message(req as LoggedRequest, res),
  };
  return LoggerModule.forRoot({ pinoHttp: options.stream ? [pinoOptions, options.stream] : pinoOptions });
}

function describe(req: LoggedRequest, res: ServerResponse) {
  const op = req.graphqlOperation;
  return {
    operation: op?.operation ?? null,
    operationType: op?.type ?? null,
    organisation: req.viewer?.organisationId ?? null,
    outcome: op?.outcome ?? (res.statusCode < 400 ? 'ok' : 'error'),
  };
}

function message(req: LoggedRequest, res: ServerResponse, durationMs?: number): string {
  const { operation, outcome } = describe(req, res);
  const what = operation ? `${req.graphqlOperation?.type} ${operation}` : `${req.method} ${req.url?.split('?')[0]}`;
  return `${what} ${outcome} ${res.statusCode}${durationMs === undefined ? '' : ` in ${durationMs} ms`}`;
}

/** Marks the request with its GraphQL operation, for its log line. */
export function noteOperation(req: unknown, operation: LoggedOperation): void {
  if (req && typeof req === 'object') (req as LoggedRequest).graphqlOperation = operation;
}
