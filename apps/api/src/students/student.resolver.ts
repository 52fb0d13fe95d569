import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { StudentService } from './student.service';
import { StudentProfile, StudentProfileConnection, StudentProfileInput, StudentProfilesArgs, UpdateStudentProfileInput } from './student.types';

@Resolver(() => StudentProfile)
export class StudentResolver {
  constructor(private readonly service: StudentService) {}

  @Query(() => StudentProfile, { description: "A student of the viewer's own organisation." })
  studentProfile(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<StudentProfile> {
    return this.service.get(viewer, id);
  }

  @Query(() => StudentProfileConnection, { description: "The viewer's own organisation's students, by code." })
  studentProfiles(@CurrentViewer() viewer: Viewer, @Args() args: StudentProfilesArgs) {
    return this.service.list(viewer, args);
  }

  @Mutation(() => StudentProfile)
  createStudentProfile(@CurrentViewer() viewer: Viewer, @Args('input') input: StudentProfileInput): Promise<StudentProfile> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => StudentProfile)
  updateStudentProfile(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateStudentProfileInput): Promise<StudentProfile> {
    return this.service.update(viewer, id, input);
  }
}
