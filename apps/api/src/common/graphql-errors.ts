import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { ErrorCode, StagebankError } from './stagebank.error';

/** Errors Apollo raises itself about the request; their messages are safe and useful to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // Raised by our Apollo plugin (introspection for signed-in callers only).
  'FORBIDDEN',
]);

/** PostgreSQL error classes that mean "the input broke a rule", should a check slip past validation. */
const DATABASE_INPUT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: ErrorCode.CONFLICT, message: 'This already exists' },
  '23503': { code: ErrorCode.BAD_USER_INPUT, message: 'This refers to something that does not exist, or is still in use' },
  '23514': { code: ErrorCode.BAD_USER_INPUT, message: 'A value is out of its allowed range' },
  '23502': { code: ErrorCode.BAD_USER_INPUT, message: 'A required value is missing' },
  '22001': { code: ErrorCode.BAD_USER_INPUT, message: 'A value is too long' },
  '22003': { code: ErrorCode.BAD_USER_INPUT, message: 'A number is out of range' },
  '22P02': { code: ErrorCode.BAD_USER_INPUT, message: 'A value has the wrong format' },
  '22007': { code: ErrorCode.BAD_USER_INPUT, message: 'A date is not valid' },
  '22008': { code: ErrorCode.BAD_USER_INPUT, message: 'A date is out of range' },
  // Row-level security refused a write (e.g. an employer's link reaching past its own employer).
  '42501': { code: ErrorCode.FORBIDDEN, message: 'This is not yours to change' },
};

/**
 * The input path Apollo names in a variable error: `Variable "$input" got invalid value … at
 * "input.sectors[0]"` → `input.sectors[0]`; a missing required field is appended to the path.
 */
function fieldOfVariableError(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const path = /got invalid value.*? at "([^"]+)"/s.exec(message)?.[1] ?? variable;
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  return missing ? `${path}.${missing}` : path;
}

const logger = new Logger('GraphQL');

/** Apollo's own wrapping (resolver errors) and ours (errors raised before execution, OperationGate). */
function causeOf(error: unknown): unknown {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError && original.originalError instanceof StagebankError ? original.originalError : original;
}

/** graphql-js suggests field and type names ("Did you mean …?"), which maps the schema for a stranger. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export interface ErrorFormatOptions {
  /** Drop graphql-js's "Did you mean …?" suggestions (production). */
  hideSuggestions?: boolean;
}

/**
 * Every error leaves as `{ message, extensions: { code, field? } }`, never with a stack trace,
 * over HTTP and over the WebSocket alike. Unexpected errors are logged in full, at error, and
 * reported only as INTERNAL_SERVER_ERROR; input the database refused is logged once, at warn.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, options: ErrorFormatOptions = {}): GraphQLFormattedError {
  const original = causeOf(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof StagebankError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        ...original.details,
        code: original.code,
        ...(original.field && { field: original.field }),
        ...(original.problems && { problems: original.problems }),
      },
    };
  }
  if (original instanceof QueryFailedError) {
    const pgCode = (original.driverError as { code?: string } | undefined)?.code ?? '';
    const known = DATABASE_INPUT_ERRORS[pgCode];
    if (known) {
      // The client's mistake, not a fault: one line at warn, naming the rule, for whoever tightens validation.
      const { constraint, table } = (original.driverError ?? {}) as { constraint?: string; table?: string };
      logger.warn(`refused by the database (${pgCode}${table ? ` on ${table}` : ''}${constraint ? `, ${constraint}` : ''}): ${original.message}`);
      return { ...base, message: known.message, extensions: { code: known.code } };
    }
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    const field = fieldOfVariableError(formatted.message);
    const message = options.hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { ...base, message, extensions: { code, ...(field && { field }) } };
  }
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { ...base, message: 'Something went wrong on our side; it has been logged', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
