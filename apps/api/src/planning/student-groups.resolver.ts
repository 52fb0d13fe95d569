import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { SaveStudentGroupInput, StudentGroup } from './planning.types';
import { StudentGroupsService } from './student-groups.service';

@Resolver(() => StudentGroup)
export class StudentGroupsResolver {
  constructor(private readonly service: StudentGroupsService) {}

  @Query(() => [StudentGroup], { description: "Your organisation's saved groups of students (coordinators and school admins), by name." })
  studentGroups(@CurrentViewer() viewer: Viewer): Promise<StudentGroup[]> {
    return this.service.list(viewer);
  }

  @Mutation(() => StudentGroup, {
    description: 'Saves a group of your students under a name (with id: replaces that group), to plan with planCohort(groupId).',
  })
  saveStudentGroup(@CurrentViewer() viewer: Viewer, @Args('input') input: SaveStudentGroupInput): Promise<StudentGroup> {
    return this.service.save(viewer, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your saved groups (its students stay).' })
  deleteStudentGroup(@CurrentViewer() viewer: Viewer, @IdArg('id') id: string): Promise<boolean> {
    return this.service.remove(viewer, id);
  }
}
