/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injection token of the DatabaseTarget (URL, and whether it serves one session only). */
export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

export interface DatabaseTarget {
  url: string;
  /** PGlite serves one session: the pool must hold exactly one connection. */
  singleConnection: boolean;
}
