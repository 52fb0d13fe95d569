import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployerEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { EmployerUpkeepResolver, EmployerUpkeepService } from './employer-upkeep';
import { EmployerResolver, SiteResolver } from './employer.resolver';
import { EmployerService } from './employer.service';

const resolvers = [EmployerResolver, SiteResolver, EmployerUpkeepResolver];

/** Employers, their sites and supervisors, and their upkeep: status, duplicates, merging. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployerEntity, SiteEntity, SupervisorEntity])],
  providers: [EmployerService, EmployerUpkeepService, ...resolvers],
})
export class EmployersModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
