import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembershipEntity, OrganisationEntity, UserEntity } from '@stagebank/persistence';
import { MembershipResolver, OrganisationResolver } from './organisation.resolver';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';

const resolvers = [OrganisationResolver, MembershipResolver];

/** Schools, initiatives and their members: who belongs where, with which role. */
@Module({
  imports: [TypeOrmModule.forFeature([MembershipEntity, OrganisationEntity, UserEntity])],
  providers: [OrganisationRepository, OrganisationService, ...resolvers],
})
export class OrganisationsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
