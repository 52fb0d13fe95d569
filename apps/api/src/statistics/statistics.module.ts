import { Module } from '@nestjs/common';
import { EmployerTrackRecordResolver, StatisticsResolver } from './statistics.resolver';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

const resolvers = [StatisticsResolver, EmployerTrackRecordResolver];

/** Placement statistics and employers' track records, with small cells withheld. */
@Module({
  providers: [StatisticsRepository, StatisticsService, ...resolvers],
})
export class StatisticsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
