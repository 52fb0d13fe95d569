import type { ApolloServerPlugin } from '@apollo/server';
import { ConfigError, type AppConfig } from '@stagebank/config';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../common/stagebank.error';
import { webAppDirectory } from '../common/web-app-directory';

type HttpContext = { req: { headers: Record<string, string | string[] | undefined> } };

export const NOT_PERSISTED = 'This GraphQL document is not one of the web app\u2019s operations; browsers may send only those (PERSISTED_OPERATIONS=browser)';

/**
 * With PERSISTED_OPERATIONS=browser, a request from a browser (it carries an Origin header, which
 * browsers send with every POST and scripts and servers do not) may run only the documents the
 * web app was built with (scripts/persisted-operations.mjs, sha256 of the exact text). A page
 * that gets script into a signed-in browser cannot then query the API at will; API clients with
 * their own tokens or keys are unaffected. Off (the default) it is no plugin at all.
 */
export function persistedOperationsPlugin(config: AppConfig): ApolloServerPlugin<HttpContext> | null {
  if (config.persistedOperations.mode === 'off') return null;
  const dir = webAppDirectory();
  const file = config.persistedOperations.file ?? (dir ? join(dir, 'persisted-operations.json') : null);
  if (!file || !existsSync(file))
    throw new ConfigError([`PERSISTED_OPERATIONS=browser needs the web app's list of operations: ${file ?? 'no web app built'} (npm run build:web writes it)`]);
  const allowed = new Set((JSON.parse(readFileSync(file, 'utf8')) as { sha256: string[] }).sha256);
  return {
    async requestDidStart() {
      return {
        // After parsing and validation, before the operation gate and any resolver.
        async didResolveOperation({ request, contextValue }) {
          if (contextValue.req.headers.origin === undefined) return;
          if (request.query !== undefined && allowed.has(createHash('sha256').update(request.query).digest('hex'))) return;
          throw new GraphQLError(NOT_PERSISTED, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
        },
      };
    },
  };
}
