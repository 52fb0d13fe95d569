import { Module } from '@nestjs/common';
import { MatchingModule } from '../matching/matching.module';
import { PlacementsModule } from '../placements/placements.module';
import { CohortPlanStudentResolver, PlanningResolver } from './planning.resolver';
import { PlanningRepository } from './planning.repository';
import { PlanningService } from './planning.service';
import { StudentGroupsResolver } from './student-groups.resolver';
import { StudentGroupsService } from './student-groups.service';

const resolvers = [PlanningResolver, CohortPlanStudentResolver, StudentGroupsResolver];

/** Cohort planning: a proposal placing a whole group (or a region's round) at once, from matching's limits and scores; saved groups of students. */
@Module({
  imports: [MatchingModule, PlacementsModule],
  providers: [PlanningRepository, PlanningService, StudentGroupsService, ...resolvers],
})
export class PlanningModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
