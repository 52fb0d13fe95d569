import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '@stagebank/persistence';
import { ApiKeyResolver } from './api-key.resolver';

const resolvers = [ApiKeyResolver];

/** An organisation's API keys for other tools: created, listed and revoked (checked by auth's Authenticator). */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  providers: [...resolvers],
})
export class ApiKeysModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
