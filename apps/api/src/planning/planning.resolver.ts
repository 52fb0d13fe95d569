import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsUUID } from 'class-validator';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { toPlacement } from '../placements/placement.mapper';
import { Placement } from '../placements/placement.types';
import { PlanningService } from './planning.service';
import { AcceptCohortPlanResult, CohortPlan, CohortPlanStudent, MAX_COHORT_STUDENTS, PlanCohortInput, PlanRegionalRoundInput } from './planning.types';
import { ArgsType, Field } from '@nestjs/graphql';

@ArgsType()
class AcceptCohortPlanArgs {
  @Field(() => [ID], { nullable: true, description: 'Only these of your students; default all placed in the plan.' })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @IsUUID('all', { each: true })
  studentIds?: string[];
}

@Resolver(() => CohortPlan)
export class PlanningResolver {
  constructor(private readonly service: PlanningService) {}

  @Mutation(() => CohortPlan, {
    description:
      'Plans a group of your students at once: first as many as possible (priority group first), then the highest total match score. Stores the proposal as a plan; nothing else is written.',
  })
  planCohort(@CurrentViewer() viewer: Viewer, @Args('input') input: PlanCohortInput): Promise<CohortPlan> {
    return this.service.planCohort(viewer, input);
  }

  @Mutation(() => CohortPlan, {
    description:
      "Network admins: a regional round over every school's current students with a fairness rule. You see figures per school; each school sees its own students.",
  })
  planRegionalRound(@CurrentViewer() viewer: Viewer, @Args('input') input: PlanRegionalRoundInput): Promise<CohortPlan> {
    return this.service.planRegionalRound(viewer, input);
  }

  @Query(() => CohortPlan, { description: 'A stored plan, with your own students only.' })
  cohortPlan(@CurrentViewer() viewer: Viewer, @IdArg('id') id: string): Promise<CohortPlan> {
    return this.service.get(viewer, id);
  }

  @Mutation(() => AcceptCohortPlanResult, {
    description:
      'Creates the proposed internships of the plan for your students in one transaction; students whose seat went meanwhile are named and get none.',
  })
  acceptCohortPlan(
    @CurrentViewer() viewer: Viewer,
    @IdArg('planId') planId: string,
    @Args() { studentIds }: AcceptCohortPlanArgs,
  ): Promise<AcceptCohortPlanResult> {
    return this.service.accept(viewer, planId, studentIds);
  }
}

@Resolver(() => CohortPlanStudent)
export class CohortPlanStudentResolver {
  @ResolveField(() => Placement, { nullable: true })
  async placement(@Parent() line: CohortPlanStudent, @Context('loaders') loaders: Loaders): Promise<Placement | null> {
    if (!line.placementId) return null;
    const placement = await loaders.placement.load(line.placementId);
    return placement ? toPlacement(placement) : null;
  }
}
