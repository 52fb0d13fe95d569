import { Args, ArgsType, Context, Field, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind, SelectionNode } from 'graphql';
import { Max, Min } from 'class-validator';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { toEmployer, toSite } from '../employers/employer.mapper';
import { Employer, Site } from '../employers/employer.types';
import { toPlacement } from '../placements/placement.mapper';
import { Placement } from '../placements/placement.types';
import { StudentProfileInput } from '../students/student.types';
import { MatchingService } from './matching.service';
import {
  MatchExplanation,
  MatchFilter,
  MatchPageArgs,
  MatchingWeights,
  MatchingWeightsInput,
  PlacementMatch,
  PlacementMatchConnection,
  StudentMatch,
} from './matching.types';

/** Placement fields that read its seat claims (placement.resolver.ts). */
const SEAT_FIELDS = new Set(['freeSeats', 'nextOpening', 'occupancy']);

/** Whether the field being resolved selects one of `names` directly (fragments are not looked into). */
const asksFor = (info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean =>
  info.fieldNodes.some((node) => node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && names.has(s.name.value)));

/**
 * Whether a match connection's nodes may be asked for `notes` (edges { node { notes } }): true as
 * well where a fragment could hide it, so only a selection that plainly leaves it out saves the query.
 */
function mayAskForNotes(info: GraphQLResolveInfo): boolean {
  const within = (selections: readonly SelectionNode[] | undefined, path: string[]): boolean =>
    (selections ?? []).some((s) =>
      s.kind !== Kind.FIELD ? true : s.name.value === path[0] && (path.length === 1 || within(s.selectionSet?.selections, path.slice(1))),
    );
  return info.fieldNodes.some((node) => within(node.selectionSet?.selections, ['edges', 'node', 'notes']));
}

@ArgsType()
class MatchStudentsArgs {
  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;
}

@Resolver(() => PlacementMatch)
export class MatchingResolver {
  constructor(private readonly service: MatchingService) {}

  @Query(() => PlacementMatchConnection, {
    description: 'Placements for a student of your organisation, best first; those breaking a hard limit are left out.',
  })
  matchPlacements(@CurrentViewer() viewer: Viewer, @IdArg('studentId') studentId: string, @Args() args: MatchPageArgs, @Info() info: GraphQLResolveInfo) {
    return this.service.matchPlacements(viewer, studentId, args, mayAskForNotes(info));
  }

  @Query(() => PlacementMatchConnection, { description: 'The same for a profile that is not saved; nothing is stored.' })
  matchPlacementsForProfile(
    @CurrentViewer() viewer: Viewer,
    @Args('profile') profile: StudentProfileInput,
    @Args() args: MatchPageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.service.matchPlacementsForProfile(viewer, profile, args, mayAskForNotes(info));
  }

  @Query(() => MatchExplanation, { description: 'Why a placement is left out for a student, or where and why it ranks.' })
  explainMatch(
    @CurrentViewer() viewer: Viewer,
    @IdArg('studentId') studentId: string,
    @IdArg('placementId') placementId: string,
    @Args('filter', { type: () => MatchFilter, nullable: true }) filter?: MatchFilter,
  ): Promise<MatchExplanation> {
    return this.service.explainMatch(viewer, studentId, placementId, filter);
  }

  @Query(() => [StudentMatch], { description: 'Students of your own organisation who could take a placement, best first.' })
  matchStudents(
    @CurrentViewer() viewer: Viewer,
    @IdArg('placementId') placementId: string,
    @Args() { first }: MatchStudentsArgs,
    @Args('filter', { type: () => MatchFilter, nullable: true }) filter?: MatchFilter,
  ): Promise<StudentMatch[]> {
    return this.service.matchStudents(viewer, placementId, first, filter);
  }

  @Query(() => MatchingWeights, { description: "Your organisation's matching weights." })
  matchingWeights(@CurrentViewer() viewer: Viewer): Promise<MatchingWeights> {
    return this.service.weightsView(viewer);
  }

  @Mutation(() => MatchingWeights, { description: 'Coordinators and admins of a school or initiative.' })
  updateMatchingWeights(@CurrentViewer() viewer: Viewer, @Args('input') input: MatchingWeightsInput): Promise<MatchingWeights> {
    return this.service.updateWeights(viewer, input);
  }

  @ResolveField(() => Placement)
  async placement(@Parent() match: PlacementMatch, @Context('loaders') loaders: Loaders, @Info() info: GraphQLResolveInfo): Promise<Placement> {
    // The web app asks for free seats, which need the placement's seat claims: start loading them
    // with the placement instead of after it (same loader, so the placement's fields find them there).
    if (asksFor(info, SEAT_FIELDS)) loaders.currentOccupancy.load(match.placementId).catch(() => undefined);
    return toPlacement((await loaders.placement.load(match.placementId))!);
  }

  @ResolveField(() => Site)
  async site(@Parent() match: PlacementMatch, @Context('loaders') loaders: Loaders): Promise<Site> {
    return toSite((await loaders.site.load(match.siteId))!);
  }

  @ResolveField(() => Employer)
  async employer(@Parent() match: PlacementMatch, @Context('loaders') loaders: Loaders): Promise<Employer> {
    return toEmployer((await loaders.employer.load(match.employerId))!);
  }
}
