import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { User } from '../organisations/organisation.types';
import { Placement } from '../placements/placement.types';
import { toPlacement } from '../placements/placement.mapper';
import { StudentProfile } from '../students/student.types';
import { toStudentProfile } from '../students/student.mapper';
import { InternshipService } from './internship.service';
import { CreateInternshipInput, Internship, InternshipConnection, InternshipsArgs, UpdateInternshipInput } from './internship.types';

@Resolver(() => Internship)
export class InternshipResolver {
  constructor(private readonly service: InternshipService) {}

  @Query(() => Internship, { description: "An internship of the viewer's own organisation." })
  internship(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<Internship> {
    return this.service.get(viewer, id);
  }

  @Query(() => InternshipConnection, { description: "The viewer's own organisation's internships, by start date." })
  internships(@CurrentViewer() viewer: Viewer, @Args() args: InternshipsArgs) {
    return this.service.list(viewer, args);
  }

  @Mutation(() => Internship, { description: 'Claims a seat; PLACEMENT_FULL when every seat is taken for that period.' })
  createInternship(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateInternshipInput): Promise<Internship> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Internship)
  updateInternship(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateInternshipInput): Promise<Internship> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Internship, { description: "Starts a PROPOSED internship's hold on its seat anew: holdExpiryDays from now." })
  renewInternshipHold(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<Internship> {
    return this.service.renewHold(viewer, id);
  }

  @ResolveField(() => Placement)
  async placement(@Parent() internship: Internship, @Context('loaders') loaders: Loaders): Promise<Placement> {
    return toPlacement((await loaders.placement.load(internship.placementId))!);
  }

  /** Internships are only ever resolved for their own organisation, so the student is the viewer's own. */
  @ResolveField(() => StudentProfile, { nullable: true })
  async student(@Parent() internship: Internship, @Context('loaders') loaders: Loaders): Promise<StudentProfile | null> {
    if (!internship.studentId) return null;
    const student = await loaders.student.load(internship.studentId);
    return student && toStudentProfile(student);
  }

  @ResolveField(() => User, { nullable: true })
  async coach(@Parent() internship: Internship, @Context('loaders') loaders: Loaders): Promise<User | null> {
    if (!internship.coachUserId) return null;
    const user = await loaders.user.load(internship.coachUserId);
    return user && { id: user.id, displayName: user.displayName };
  }
}
