import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { StagebankError } from '../common/stagebank.error';
import { capacityOf, toEmployer, toSite, toSupervisor } from './employer.mapper';
import { EmployerService } from './employer.service';
import {
  CreateEmployerInput,
  Employer,
  EmployerConnection,
  EmployerStatusInput,
  EmployersArgs,
  Site,
  SiteInput,
  SupervisionCapacity,
  Supervisor,
  SupervisorInput,
  UpdateEmployerInput,
  UpdateSiteInput,
  FlagVerification,
  VerifySupervisorTrainingInput,
  VerifyWheelchairAccessInput,
} from './employer.types';
import { User } from '../organisations/organisation.types';

@Resolver(() => Employer)
export class EmployerResolver {
  constructor(private readonly service: EmployerService) {}

  @Query(() => Employer)
  employer(@CurrentViewer() _viewer: Viewer, @IdArg() id: string): Promise<Employer> {
    return this.service.get(id);
  }

  @Query(() => EmployerConnection, { description: 'Employers by name.' })
  employers(@CurrentViewer() _viewer: Viewer, @Args() args: EmployersArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Employer, { description: 'Adds an employer with at least one site.' })
  createEmployer(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateEmployerInput): Promise<Employer> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Employer)
  updateEmployer(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateEmployerInput): Promise<Employer> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Employer, { description: 'Pause until a day, stop, or make active again; a reason is required except for ACTIVE.' })
  setEmployerStatus(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: EmployerStatusInput): Promise<Employer> {
    return this.service.setStatus(viewer, id, input);
  }

  @Mutation(() => Site)
  addSite(@CurrentViewer() viewer: Viewer, @IdArg('employerId') employerId: string, @Args('input') input: SiteInput): Promise<Site> {
    return this.service.addSite(viewer, employerId, input);
  }

  @Mutation(() => Site)
  updateSite(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateSiteInput): Promise<Site> {
    return this.service.updateSite(viewer, id, input);
  }

  @Mutation(() => Boolean, { description: 'Removes a site without placements (an employer keeps at least one).' })
  removeSite(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.service.removeSite(viewer, id);
  }

  @Mutation(() => Supervisor)
  addSupervisor(@CurrentViewer() viewer: Viewer, @IdArg('siteId') siteId: string, @Args('input') input: SupervisorInput): Promise<Supervisor> {
    return this.service.addSupervisor(viewer, siteId, input);
  }

  @Mutation(() => Supervisor)
  updateSupervisor(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: SupervisorInput): Promise<Supervisor> {
    return this.service.updateSupervisor(viewer, id, input);
  }

  @Mutation(() => Site, {
    description: 'A coach who visited records whether the site is wheelchair accessible: the flag becomes verified, by them, now.',
  })
  verifyWheelchairAccess(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: VerifyWheelchairAccessInput): Promise<Site> {
    return this.service.verifyWheelchairAccess(viewer, id, input);
  }

  @Mutation(() => Supervisor, {
    description: 'A coach who visited records whether the supervisor is trained: the flag becomes verified, by them, now.',
  })
  verifySupervisorTraining(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: VerifySupervisorTrainingInput): Promise<Supervisor> {
    return this.service.verifySupervisorTraining(viewer, id, input);
  }

  @Mutation(() => Boolean)
  removeSupervisor(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.service.removeSupervisor(viewer, id);
  }

  @ResolveField(() => [Site])
  async sites(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<Site[]> {
    return (await loaders.sitesOfEmployer.load(employer.id)).map(toSite);
  }
}

@Resolver(() => Site)
export class SiteResolver {
  @Query(() => Site)
  async site(@CurrentViewer() _viewer: Viewer, @IdArg() id: string, @Context('loaders') loaders: Loaders): Promise<Site> {
    const site = await loaders.site.load(id);
    if (!site) throw StagebankError.notFound('Site', id);
    return toSite(site);
  }

  @ResolveField(() => Employer)
  async employer(@Parent() site: Site, @Context('loaders') loaders: Loaders): Promise<Employer> {
    return toEmployer((await loaders.employer.load(site.employerId))!);
  }

  @ResolveField(() => [Supervisor])
  async supervisors(@Parent() site: Site, @Context('loaders') loaders: Loaders): Promise<Supervisor[]> {
    return (await loaders.supervisorsOfSite.load(site.id)).map(toSupervisor);
  }

  @ResolveField(() => SupervisionCapacity)
  async supervisionCapacity(@Parent() site: Site, @Context('loaders') loaders: Loaders): Promise<SupervisionCapacity> {
    return capacityOf(await loaders.supervisorsOfSite.load(site.id));
  }
}

@Resolver(() => FlagVerification)
export class FlagVerificationResolver {
  @ResolveField(() => User, { nullable: true, description: 'The coach who verified it; null while declared (or when their account is gone).' })
  async verifiedBy(@Parent() flag: FlagVerification, @Context('loaders') loaders: Loaders): Promise<User | null> {
    if (!flag.verifiedByUserId) return null;
    const user = await loaders.user.load(flag.verifiedByUserId);
    return user && { id: user.id, displayName: user.displayName };
  }
}
