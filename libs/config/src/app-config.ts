import { randomBytes } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MinLength, Min, ValidateIf, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Addresses only this machine can reach. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The environment as the service reads it: the only place that looks at `process.env`. */
class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** postgres://user:pass@host:port/db; without it the embedded PGlite database is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Where the embedded database keeps its files; `memory://` keeps nothing. */
  @IsString()
  EMBEDDED_DATA_DIR = '.data/pglite';

  /** Load the demo dataset into an empty database at start-up; defaults to on for the embedded database only. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Largest accepted request body, in bytes. */
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 8 * 1024 * 1024;

  /**
   * On SIGTERM/SIGINT: how long requests already running may take to finish after the service
   * stops accepting new ones; then their connections are cut and the jobs and database stopped.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10 * 60 * 1000)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * Geocoder for imported addresses without coordinates: the Dutch government's PDOK
   * Locatieserver (free, no key) by default; `none` turns it off (rows then need coordinates).
   */
  /** Map tiles for the web app ({z}/{x}/{y}); `none` shows markers on a plain background (offline). */
  @ValidateIf((env: Environment) => env.MAP_TILES_URL !== 'none')
  @Matches(/^https?:\/\/\S+\{z\}\S*\{x\}\S*\{y\}/, { message: 'MAP_TILES_URL must be an http(s) URL with {z}, {x} and {y}, or none' })
  MAP_TILES_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

  @ValidateIf((env: Environment) => env.GEOCODER_URL !== 'none')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  GEOCODER_URL = 'https://api.pdok.nl/bzk/locatieserver/search/v3_1';

  /**
   * HS256 secret for the tokens stagebank signs itself (`npm run token`, the demo users). Required
   * in production; elsewhere a random one is made per process, so printed tokens last one run.
   */
  /** Meilisearch, e.g. http://meilisearch:7700; without it the npm-shipped binary is started where available. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'MEILI_URL must be an http(s) URL' })
  MEILI_URL?: string;

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' && env.MEILI_URL !== undefined)
  @IsString({ message: 'MEILI_MASTER_KEY is required with MEILI_URL in production' })
  @MinLength(16)
  MEILI_MASTER_KEY?: string;

  /** Index names start with this, so several deployments (or test runs) can share one Meilisearch. */
  @Matches(/^[A-Za-z0-9_-]{0,40}$/)
  MEILI_INDEX_PREFIX = 'stagebank_';

  /** `auto`: Meilisearch with the PostgreSQL fallback; `postgres`: PostgreSQL search only, no Meilisearch. */
  @IsIn(['auto', 'postgres'])
  SEARCH_ENGINE: 'auto' | 'postgres' = 'auto';

  /** Where the embedded Meilisearch keeps its files. */
  @IsString()
  SEARCH_EMBEDDED_DATA_DIR = '.data/meilisearch';

  /** Run the outbox worker that brings writes to Meilisearch in this process. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SEARCH_WORKER = true;

  /** How often an idle worker looks for new changes, in ms. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  SEARCH_POLL_MS = 250;

  /** Run the notification workers (events → notifications, webhook deliveries, the change feed's webhooks) in this process. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  NOTIFICATION_WORKER = true;

  /**
   * How often, in ms, notification work is looked for without a NOTIFY: the only way on the
   * embedded database (one session, no LISTEN), a safety net on PostgreSQL.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  NOTIFICATION_POLL_MS = 2000;

  /**
   * Run the background jobs (search indexing, notifications, webhooks, retention, pruning) in this
   * API process. Set false when `npm run worker` processes run them instead.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  JOBS_IN_PROCESS = true;

  /** Jobs this process must not run, by name, comma-separated (the names are listed in README's configuration). */
  @IsOptional()
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: 'JOBS_DISABLED must be job names separated by commas, e.g. student-retention,webhooks' })
  JOBS_DISABLED?: string;

  /** How often, in ms, a process looks whether a singleton job is due (one process at a time runs it). */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(600_000)
  JOBS_POLL_MS = 5000;

  /** How often, in ms, each API process applies the change stream to its matching index when no request asks for it sooner. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(60_000)
  MATCHING_POLL_MS = 250;

  /**
   * Longest wait, in ms, for a match request to see every write committed before it began (the
   * process applies the stream up to then first); past it, the request is answered as the index stands.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10_000)
  MATCHING_FRESHNESS_WAIT_MS = 1000;

  /** Longest wait, in ms, for the matching index a process builds at start-up; past it, matching answers UNAVAILABLE (retry). */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(120_000)
  MATCHING_WARMUP_WAIT_MS = 2000;

  /** Outbox rows per batch. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SEARCH_BATCH_SIZE = 500;

  /** How long a worker holds a batch before another may take it over (a worker that died). */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SEARCH_LEASE_MS = 60_000;

  /** Longest wait before retrying a batch Meilisearch refused (the wait doubles per attempt up to this). */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  SEARCH_RETRY_MAX_MS = 60_000;

  /** OpenID Connect: tokens with this issuer are verified against the JWKS at OIDC_JWKS_URL. */
  @ValidateIf((env: Environment) => env.OIDC_ISSUER !== undefined || env.OIDC_WEB_CLIENT_ID !== undefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'OIDC_ISSUER (an http(s) URL) is required with OIDC_WEB_CLIENT_ID' },
  )
  OIDC_ISSUER?: string;

  @ValidateIf((env: Environment) => env.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_AUDIENCE is required with OIDC_ISSUER' })
  OIDC_AUDIENCE?: string;

  @ValidateIf((env: Environment) => env.OIDC_ISSUER !== undefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'OIDC_JWKS_URL (an http(s) URL) is required with OIDC_ISSUER' },
  )
  OIDC_JWKS_URL?: string;

  /**
   * The web app's public client at the provider: with it, the sign-in screen offers the school
   * account (authorization code with PKCE), and ID tokens for this client are accepted too.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'OIDC_WEB_CLIENT_ID must be 1–200 printable characters' })
  OIDC_WEB_CLIENT_ID?: string;

  /** What the web app asks the provider for: the e-mail links a first sign-in to its stagebank user. */
  @Matches(/^openid( [\x21-\x7e]+)*$/, { message: 'OIDC_WEB_SCOPE must start with "openid"' })
  OIDC_WEB_SCOPE = 'openid email profile';

  /** The claim naming the organisation the user acts for (else the X-Stagebank-Organisation header, else their only membership). */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/)
  OIDC_ORGANISATION_CLAIM = 'stagebank_org';

  /**
   * Redis (`redis://host:port`), where replicas share their rate-limit counts. Without it each
   * process counts on its own (fine for one process, and for the embedded default).
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'], require_protocol: true }, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * Bearer token for `GET /metrics` (Prometheus). Without it, /metrics answers only on a loopback
   * host outside production; in production it is off until a token is set.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'METRICS_TOKEN must be 16–200 printable characters' })
  METRICS_TOKEN?: string;

  /**
   * `browser`: a request from a browser (one with an Origin header) may send only the web app's
   * own documents (its persisted operations, listed at build time); other tools are unaffected.
   */
  @IsIn(['off', 'browser'], { message: 'PERSISTED_OPERATIONS must be off or browser' })
  PERSISTED_OPERATIONS: 'off' | 'browser' = 'off';

  /** The list `npm run build:web` writes; by default the one beside the built web app. */
  @IsOptional()
  @IsString()
  PERSISTED_OPERATIONS_FILE?: string;

  /** Student profiles are erased this many days after the student left (leftAt); internships stay, anonymous. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(36_500)
  STUDENT_RETENTION_DAYS = 730;

  /** Requests per minute per user, API key or (anonymous) address. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Deepest selection a GraphQL operation may nest. */
  @Transform(toNumber)
  @IsInt()
  @Min(3)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 12;

  /** Highest cost (graphql-armor's cost analysis) an operation may have. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_COST = 20_000;

  /** Most data rows one CSV import may have; a larger file is refused before it is parsed further. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  IMPORT_MAX_ROWS = 20_000;

  /** Longest one CSV import request may take (parse, match, geocode, write); past it the import stops and writes nothing. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  IMPORT_TIME_BUDGET_MS = 30_000;

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.AUTH_TOKEN_SECRET !== undefined)
  @IsString({ message: 'AUTH_TOKEN_SECRET is required in production' })
  @MinLength(32)
  AUTH_TOKEN_SECRET?: string;
}

export interface DatabaseConfig {
  /** Null means: start the embedded PGlite database. */
  url: string | null;
  poolSize: number;
  embeddedDataDir: string;
}

export interface SearchConfig {
  /** Null: start the embedded Meilisearch where the binary is installed, else PostgreSQL search only. */
  url: string | null;
  masterKey: string | null;
  indexPrefix: string;
  mode: 'auto' | 'postgres';
  embeddedDataDir: string;
  worker: boolean;
  pollMs: number;
  batchSize: number;
  leaseMs: number;
  retryMaxMs: number;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  organisationClaim: string;
  /** The web app's sign-in, when configured. */
  web: { clientId: string; scope: string } | null;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  database: DatabaseConfig;
  seedDemo: boolean;
  /**
   * Offer the demo users' tokens (web app sign-in, start-up banner): only for the demo on one
   * laptop, i.e. the embedded default (no DATABASE_URL), bound to loopback, with the per-run
   * random token secret (never where AUTH_TOKEN_SECRET is set), outside production.
   */
  demoSignIn: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  bodyLimitBytes: number;
  /** SHUTDOWN_GRACE_MS: the bound on waiting for in-flight requests when stopping. */
  shutdownGraceMs: number;
  auth: { tokenSecret: string; oidc: OidcConfig | null };
  limits: { ratePerMinute: number; maxDepth: number; maxCost: number };
  studentRetentionDays: number;
  search: SearchConfig;
  /** PDOK Locatieserver base URL, or null for no geocoding. */
  geocoderUrl: string | null;
  notifications: { worker: boolean; pollMs: number };
  /** The background jobs: whether this process runs them, which it must not, how often it looks for due ones. */
  jobs: { inProcess: boolean; disabled: string[]; pollMs: number };
  matching: { pollMs: number; freshnessWaitMs: number; warmupWaitMs: number };
  /** Bearer token for /metrics, or null. */
  metricsToken: string | null;
  /** Whether browsers are held to the web app's persisted operations, and the file listing them (null: beside the web app). */
  persistedOperations: { mode: 'off' | 'browser'; file: string | null };
  /** Shared rate-limit counts across replicas, or null for in-process counting. */
  redisUrl: string | null;
  /** For the web app's map; null for none. */
  mapTilesUrl: string | null;
  /** What one CSV import request may cost. */
  imports: { maxRows: number; timeBudgetMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once into a typed config; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = plainToInstance(Environment, defined, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => `${error.property}=${JSON.stringify(env[error.property])}: ${Object.values(error.constraints ?? {}).join('; ')}`),
    );
  }
  const url = parsed.DATABASE_URL ?? null;
  return {
    env: parsed.NODE_ENV as AppConfig['env'],
    host: parsed.HOST,
    port: parsed.PORT,
    database: { url, poolSize: parsed.DATABASE_POOL_SIZE, embeddedDataDir: parsed.EMBEDDED_DATA_DIR },
    seedDemo: parsed.SEED_DEMO ?? url === null,
    demoSignIn:
      (parsed.SEED_DEMO ?? url === null) &&
      url === null &&
      LOOPBACK.has(parsed.HOST) &&
      parsed.AUTH_TOKEN_SECRET === undefined &&
      parsed.NODE_ENV !== 'production',
    logLevel: parsed.LOG_LEVEL,
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    auth: {
      tokenSecret: parsed.AUTH_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
      oidc: parsed.OIDC_ISSUER
        ? {
            issuer: parsed.OIDC_ISSUER,
            audience: parsed.OIDC_AUDIENCE!,
            jwksUrl: parsed.OIDC_JWKS_URL!,
            organisationClaim: parsed.OIDC_ORGANISATION_CLAIM,
            web: parsed.OIDC_WEB_CLIENT_ID ? { clientId: parsed.OIDC_WEB_CLIENT_ID, scope: parsed.OIDC_WEB_SCOPE } : null,
          }
        : null,
    },
    limits: { ratePerMinute: parsed.RATE_LIMIT_PER_MINUTE, maxDepth: parsed.GRAPHQL_MAX_DEPTH, maxCost: parsed.GRAPHQL_MAX_COST },
    studentRetentionDays: parsed.STUDENT_RETENTION_DAYS,
    notifications: { worker: parsed.NOTIFICATION_WORKER, pollMs: parsed.NOTIFICATION_POLL_MS },
    metricsToken: parsed.METRICS_TOKEN ?? null,
    persistedOperations: { mode: parsed.PERSISTED_OPERATIONS, file: parsed.PERSISTED_OPERATIONS_FILE ?? null },
    redisUrl: parsed.REDIS_URL ?? null,
    jobs: {
      inProcess: parsed.JOBS_IN_PROCESS,
      // SEARCH_WORKER=false and NOTIFICATION_WORKER=false predate JOBS_DISABLED and mean the same.
      disabled: [
        ...(parsed.JOBS_DISABLED?.split(',') ?? []),
        ...(parsed.SEARCH_WORKER ? [] : ['search-outbox']),
        ...(parsed.NOTIFICATION_WORKER ? [] : ['notifications', 'webhooks', 'change-webhooks']),
      ],
      pollMs: parsed.JOBS_POLL_MS,
    },
    matching: { pollMs: parsed.MATCHING_POLL_MS, freshnessWaitMs: parsed.MATCHING_FRESHNESS_WAIT_MS, warmupWaitMs: parsed.MATCHING_WARMUP_WAIT_MS },
    mapTilesUrl: parsed.MAP_TILES_URL === 'none' ? null : parsed.MAP_TILES_URL,
    imports: { maxRows: parsed.IMPORT_MAX_ROWS, timeBudgetMs: parsed.IMPORT_TIME_BUDGET_MS },
    geocoderUrl: parsed.GEOCODER_URL === 'none' ? null : parsed.GEOCODER_URL.replace(/\/$/, ''),
    search: {
      url: parsed.MEILI_URL ?? null,
      masterKey: parsed.MEILI_MASTER_KEY ?? null,
      indexPrefix: parsed.MEILI_INDEX_PREFIX,
      mode: parsed.SEARCH_ENGINE,
      embeddedDataDir: parsed.SEARCH_EMBEDDED_DATA_DIR,
      worker: parsed.SEARCH_WORKER,
      pollMs: parsed.SEARCH_POLL_MS,
      batchSize: parsed.SEARCH_BATCH_SIZE,
      leaseMs: parsed.SEARCH_LEASE_MS,
      retryMaxMs: parsed.SEARCH_RETRY_MAX_MS,
    },
  };
}
