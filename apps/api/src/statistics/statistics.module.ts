import { Module } from '@nestjs/common';
import { EmployerTrackRecordResolver, StatisticsResolver } from './statistics.resolver';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { StatisticsFigures } from './statistics-figures';
import { StatisticsTables } from './statistics-tables';

const resolvers = [StatisticsResolver, EmployerTrackRecordResolver];

/** Placement statistics (from tables kept current by the change stream: the statistics job) and employers' track records, with small cells withheld. */
@Module({
  providers: [StatisticsRepository, StatisticsTables, StatisticsFigures, StatisticsService, ...resolvers],
})
export class StatisticsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
