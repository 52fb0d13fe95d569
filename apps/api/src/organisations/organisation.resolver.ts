import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import {
  AddMemberInput,
  CreateOrganisationInput,
  Me,
  Membership,
  Organisation,
  OrganisationConnection,
  OrganisationsArgs,
  UpdateOrganisationInput,
} from './organisation.types';
import { OrganisationService, toOrganisation } from './organisation.service';

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(private readonly service: OrganisationService) {}

  @Query(() => Me, { description: 'The signed-in user.' })
  me(@CurrentViewer() viewer: Viewer): Promise<Me> {
    return this.service.me(viewer);
  }

  @Query(() => Organisation)
  organisation(@CurrentViewer() _viewer: Viewer, @IdArg() id: string): Promise<Organisation> {
    return this.service.get(id);
  }

  @Query(() => OrganisationConnection)
  organisations(@CurrentViewer() _viewer: Viewer, @Args() args: OrganisationsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Organisation, { description: 'Network admins only.' })
  createOrganisation(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateOrganisationInput): Promise<Organisation> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Organisation, { description: "The organisation's admin or a network admin." })
  updateOrganisation(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateOrganisationInput): Promise<Organisation> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Membership, { description: 'Adds a user to an organisation with a role, or changes their role there.' })
  addMember(@CurrentViewer() viewer: Viewer, @Args('input') input: AddMemberInput): Promise<Membership> {
    return this.service.addMember(viewer, input);
  }

  @Mutation(() => Boolean)
  removeMember(@CurrentViewer() viewer: Viewer, @IdArg('membershipId') membershipId: string): Promise<boolean> {
    return this.service.removeMember(viewer, membershipId);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @ResolveField(() => Organisation)
  async organisation(@Parent() membership: Membership, @Context('loaders') loaders: Loaders): Promise<Organisation> {
    return toOrganisation((await loaders.organisation.load(membership.organisationId))!);
  }
}
