import { Module } from '@nestjs/common';
import { MatchingModule } from '../matching/matching.module';
import { CohortPlanStudentResolver, PlanningResolver } from './planning.resolver';
import { PlanningService } from './planning.service';

const resolvers = [PlanningResolver, CohortPlanStudentResolver];

/** Cohort planning: a proposal placing a whole group (or a region's round) at once, from matching's limits and scores. */
@Module({
  imports: [MatchingModule],
  providers: [PlanningService, ...resolvers],
})
export class PlanningModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
