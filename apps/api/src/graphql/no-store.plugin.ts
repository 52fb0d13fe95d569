import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * Every GraphQL answer goes out with `cache-control: no-store` (answers hold school-private data),
 * as Apollo's cache-control plugin sent it: stagebank sets no cache hints, so that plugin only ever
 * said no-store, yet to say it, it hooked into every field of every response (willResolveField,
 * which makes Apollo wrap each resolver). This says the same once per response, and turns that one off.
 */
export function noStorePlugins(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
