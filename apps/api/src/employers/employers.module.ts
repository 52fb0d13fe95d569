import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployerEntity, EmployerHostingInterestEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { EmployerUpkeepResolver, EmployerUpkeepService } from './employer-upkeep';
import { EmployerResolver, SiteResolver } from './employer.resolver';
import { EmployerService } from './employer.service';
import { HostingInterestResolver, HostingInterestService } from './hosting-interest';

const resolvers = [EmployerResolver, SiteResolver, EmployerUpkeepResolver, HostingInterestResolver];

/** Employers, their sites and supervisors, and their upkeep: status, duplicates, merging, hosting interest per school year. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployerEntity, SiteEntity, SupervisorEntity, EmployerHostingInterestEntity])],
  providers: [EmployerService, EmployerUpkeepService, HostingInterestService, ...resolvers],
  exports: [HostingInterestService],
})
export class EmployersModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
