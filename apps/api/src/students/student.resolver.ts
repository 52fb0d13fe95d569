import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { StudentPrivacyService } from './student-privacy.service';
import { StudentService } from './student.service';
import { StudentProfile, StudentProfileConnection, StudentProfileInput, StudentProfilesArgs, UpdateStudentProfileInput } from './student.types';

@Resolver(() => StudentProfile)
export class StudentResolver {
  constructor(
    private readonly service: StudentService,
    private readonly privacy: StudentPrivacyService,
  ) {}

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

  @Query(() => GraphQLJSONObject, { description: 'Everything stagebank holds about a student of your organisation, as one JSON document.' })
  exportStudentData(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<Record<string, unknown>> {
    return this.privacy.export(viewer, id);
  }

  @Mutation(() => Boolean, { description: "Erases a student's profile (coordinators and admins); their internships stay as anonymous seat history." })
  eraseStudent(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.privacy.erase(viewer, id);
  }
}
