import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit, BREAK } from 'graphql';
import type { Authenticator } from './authenticator';
import type { RequestWithViewer } from './viewer';

/** The operation asks for the schema (`__schema` or `__type`; `__typename` is fine). */
export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** In production the schema is for signed-in callers only; anonymous introspection gets FORBIDDEN. */
export function introspectionForSignedIn(authenticator: Authenticator): ApolloServerPlugin<{ req: RequestWithViewer }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!asksForSchema(document)) return;
          const viewer = contextValue.req.viewer ?? (await authenticator.authenticate(contextValue.req.headers).catch(() => null));
          if (!viewer) throw new GraphQLError('The schema is shown to signed-in callers only', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        },
      };
    },
  };
}
