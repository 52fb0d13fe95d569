/** Codes clients can branch on; they appear as `extensions.code` in GraphQL errors. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  PLACEMENT_FULL = 'PLACEMENT_FULL',
  RATE_LIMITED = 'RATE_LIMITED',
  /** Not ready yet (say, the matching index is still being built): retry after `extensions.retryAfterSeconds`. */
  UNAVAILABLE = 'UNAVAILABLE',
  /** An employer's link that is malformed, tampered with, or unknown. */
  LINK_INVALID = 'LINK_INVALID',
  /** An employer's link past its expiry: ask the coordinator for a new one. */
  LINK_EXPIRED = 'LINK_EXPIRED',
  /** An employer's link a coordinator revoked (or replaced by a newer one). */
  LINK_REVOKED = 'LINK_REVOKED',
  /** A change feed cursor older than the log keeps: resync (changesHead, read the network again, follow changes from there). */
  CHANGES_CURSOR_EXPIRED = 'CHANGES_CURSOR_EXPIRED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The one exception type services throw; framework-free so any layer can use it. */
export class StagebankError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly problems?: FieldProblem[],
    /** More for the client to act on, as further `extensions` (e.g. the organisations to choose from). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StagebankError';
  }

  static badInput(field: string, message: string): StagebankError {
    return new StagebankError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, field);
  }

  static notFound(what: string, id: string, field = 'id'): StagebankError {
    return new StagebankError(ErrorCode.NOT_FOUND, `${what} ${id} not found`, field);
  }

  static forbidden(message: string): StagebankError {
    return new StagebankError(ErrorCode.FORBIDDEN, message);
  }
}

/** Refuses input whose fields contradict each other, naming every field involved (as `input.<field>`). */
export function assertNoContradictions(found: ReadonlyArray<{ fields: string[]; message: string }>, prefix = 'input'): void {
  if (found.length === 0) return;
  const problems = found.flatMap((c) => c.fields.map((f) => ({ field: `${prefix}.${f}`, message: c.message })));
  const first = found[0];
  throw new StagebankError(
    ErrorCode.BAD_USER_INPUT,
    `${first.fields.map((f) => `${prefix}.${f}`).join(' and ')} contradict each other: ${first.message}`,
    problems[0].field,
    problems,
  );
}
