import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { freeSeatsDuring, nextOpeningAfter, todayIso } from '@stagebank/domain';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { Employer, Site } from '../employers/employer.types';
import { toEmployer, toSite } from '../employers/employer.mapper';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { toPlacement } from './placement.mapper';
import { PlacementService } from './placement.service';
import { heldBy } from './placement.service';
import {
  CreatePlacementInput,
  EmployerSeats,
  Placement,
  PlacementConnection,
  PlacementReservation,
  PlacementsArgs,
  ReservePlacementInput,
  SeatOccupancy,
  UpdatePlacementInput,
  VerifyAudienceSuitabilityInput,
} from './placement.types';

@Resolver(() => Placement)
export class PlacementResolver {
  constructor(private readonly service: PlacementService) {}

  @Query(() => Placement)
  placement(@CurrentViewer() _viewer: Viewer, @IdArg() id: string): Promise<Placement> {
    return this.service.get(id);
  }

  @Query(() => PlacementConnection, { description: 'Placements by title.' })
  placements(@CurrentViewer() _viewer: Viewer, @Args() args: PlacementsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Placement)
  createPlacement(@CurrentViewer() viewer: Viewer, @Args('input') input: CreatePlacementInput): Promise<Placement> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Placement)
  updatePlacement(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdatePlacementInput): Promise<Placement> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Placement, {
    description: 'A coach who visited records which audiences the placement suits: the flag becomes verified, by them, now.',
  })
  verifyAudienceSuitability(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: VerifyAudienceSuitabilityInput): Promise<Placement> {
    return this.service.verifyAudienceSuitability(viewer, id, input);
  }

  @Mutation(() => Placement, {
    description:
      'Reserves the placement for your school or initiative (the one that recruited the employer) up to and including a day; after it, the placement is open to all. A network admin may reserve for another organisation.',
  })
  reservePlacement(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: ReservePlacementInput): Promise<Placement> {
    return this.service.reserve(viewer, id, input);
  }

  @Mutation(() => Placement, { description: 'Opens a reserved placement to all now: by the organisation it is reserved for, or a network admin.' })
  releasePlacementReservation(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<Placement> {
    return this.service.release(viewer, id);
  }

  @ResolveField(() => PlacementReservation, { nullable: true, description: 'Who the placement is reserved for, until when; null once that day has passed.' })
  async reservation(
    @Parent() placement: Placement,
    @CurrentViewer() viewer: Viewer,
    @Context('loaders') loaders: Loaders,
  ): Promise<PlacementReservation | null> {
    const organisationId = heldBy(placement);
    if (!organisationId) return null;
    const organisation = await loaders.organisation.load(organisationId);
    return { organisationId, organisationName: organisation?.name ?? '', until: placement.reservedUntil!, forViewer: organisationId === viewer.organisationId };
  }

  @ResolveField(() => Site)
  async site(@Parent() placement: Placement, @Context('loaders') loaders: Loaders): Promise<Site> {
    return toSite((await loaders.site.load(placement.siteId))!);
  }

  @ResolveField(() => Employer)
  async employer(@Parent() placement: Placement, @Context('loaders') loaders: Loaders): Promise<Employer> {
    const site = (await loaders.site.load(placement.siteId))!;
    return toEmployer((await loaders.employer.load(site.employerId))!);
  }

  @ResolveField(() => [SeatOccupancy], { description: 'Seats taken now or later: by which organisation and coach, until when.' })
  async occupancy(@Parent() placement: Placement, @Context('loaders') loaders: Loaders): Promise<SeatOccupancy[]> {
    const claims = await loaders.currentOccupancy.load(placement.id);
    return Promise.all(
      claims.map(async (claim) => ({
        organisationId: claim.organisationId,
        organisationName: (await loaders.organisation.load(claim.organisationId))!.name,
        coachName: claim.coachUserId ? ((await loaders.user.load(claim.coachUserId))?.displayName ?? null) : null,
        startDate: claim.startDate,
        endDate: claim.endDate,
        status: claim.status,
      })),
    );
  }

  @ResolveField(() => Int, { description: 'Seats free today.' })
  async freeSeats(@Parent() placement: Placement, @Context('loaders') loaders: Loaders): Promise<number> {
    const day = todayIso();
    return freeSeatsDuring(placement.seats, await loaders.currentOccupancy.load(placement.id), day, day);
  }

  @ResolveField(() => GraphQLLocalDate, { nullable: true, description: 'Today when a seat is free, else the day the first seat frees up.' })
  async nextOpening(@Parent() placement: Placement, @Context('loaders') loaders: Loaders): Promise<string | null> {
    if (placement.seats === 0) return null;
    return nextOpeningAfter(placement.seats, await loaders.currentOccupancy.load(placement.id), todayIso());
  }
}

@Resolver(() => Site)
export class SitePlacementsResolver {
  @ResolveField(() => [Placement])
  async placements(@Parent() site: Site, @Context('loaders') loaders: Loaders): Promise<Placement[]> {
    return (await loaders.placementsOfSite.load(site.id)).map(toPlacement);
  }
}

@Resolver(() => Employer)
export class EmployerSeatsResolver {
  constructor(private readonly service: PlacementService) {}

  @ResolveField(() => Boolean, {
    description:
      "Whether your school or initiative may hold this employer's placements for itself (reservePlacement): it recruited the employer, " +
      'having added it to the network or agreed a placement with it through an approach.',
  })
  mayReservePlacements(@Parent() employer: Employer, @CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.service.mayReserveAt(viewer, employer.id);
  }

  @ResolveField(() => EmployerSeats, {
    description: "Seats over the employer's placements whose period is not over: taken and free today, and the first opening.",
  })
  async seats(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerSeats> {
    const day = todayIso();
    const sites = await loaders.sitesOfEmployer.load(employer.id);
    const placements = (await Promise.all(sites.map((site) => loaders.placementsOfSite.load(site.id))))
      .flat()
      .filter((p) => p.availableUntil === null || p.availableUntil >= day);
    const perPlacement = await Promise.all(
      placements.map(async (p) => {
        const claims = await loaders.currentOccupancy.load(p.id);
        return { seats: p.seats, free: freeSeatsDuring(p.seats, claims, day, day), opening: p.seats > 0 ? nextOpeningAfter(p.seats, claims, day) : null };
      }),
    );
    const seats = perPlacement.reduce((sum, p) => sum + p.seats, 0);
    const free = perPlacement.reduce((sum, p) => sum + p.free, 0);
    const openings = perPlacement
      .map((p) => p.opening)
      .filter((d): d is string => d !== null)
      .sort();
    return { placements: placements.length, seats, taken: seats - free, free, nextOpening: openings[0] ?? null };
  }
}
