import { Module } from '@nestjs/common';
import { WebAppResolver } from './web-app';
import { WebRepository } from './web.repository';

const resolvers = [WebAppResolver];

/** What the web app needs before sign-in (map tiles, the school account, the demo's sign-in). */
@Module({
  providers: [WebRepository, ...resolvers],
})
export class WebAppModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
