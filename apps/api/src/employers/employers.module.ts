import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployerEntity, EmployerHostingInterestEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { DuplicateUpkeep } from './duplicate-upkeep';
import { EmployerUpkeepResolver, EmployerUpkeepService } from './employer-upkeep';
import { EmployerResolver, FlagVerificationResolver, SiteResolver } from './employer.resolver';
import { EmployerRepository } from './employer.repository';
import { EmployerService } from './employer.service';
import { HostingInterestResolver, HostingInterestService } from './hosting-interest';

const resolvers = [EmployerResolver, SiteResolver, FlagVerificationResolver, EmployerUpkeepResolver, HostingInterestResolver];

/** The employers' background work (job employer-duplicates), which the worker runs too. */
@Module({ providers: [DuplicateUpkeep] })
export class EmployerJobsModule {}

/** Employers, their sites and supervisors, and their upkeep: status, duplicates, merging, hosting interest per school year. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployerEntity, SiteEntity, SupervisorEntity, EmployerHostingInterestEntity]), EmployerJobsModule],
  providers: [EmployerRepository, EmployerService, EmployerUpkeepService, HostingInterestService, ...resolvers],
  exports: [HostingInterestService],
})
export class EmployersModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
