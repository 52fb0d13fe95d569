import { Injectable } from '@nestjs/common';
import { normalisePostcode, studentContradictions } from '@stagebank/domain';
import { StudentProfileEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { toPoint } from '../common/geo.types';
import { Connection, mapConnection } from '../common/pagination';
import { toQualification } from '../common/qualification.types';
import { ErrorCode, StagebankError, assertNoContradictions } from '../common/stagebank.error';
import { AuditService } from '../audit/audit.service';
import { Geocoder } from '../geo/geocoder';
import { StudentProfile, StudentProfileInput, StudentProfilesArgs, UpdateStudentProfileInput } from './student.types';
import { toStudentProfile } from './student.mapper';
import { StudentRepository } from './student.repository';

function profileValues(input: Partial<StudentProfileInput> & { leftAt?: string }): Partial<StudentProfileEntity> {
  const { homeLocation, homePostcode, qualifications, ...rest } = input;
  return {
    ...rest,
    ...(qualifications != null && { qualifications: qualifications.map(toQualification) }),
    ...(homePostcode !== undefined && { homePostcode: normalisePostcode(homePostcode)! }),
    ...(homeLocation !== undefined && { homeLocation: toPoint(homeLocation) }),
  };
}

/**
 * Student profiles are private to the organisation where the student is enrolled: every read
 * and write is scoped to the viewer's organisation, and another organisation's student is NOT_FOUND.
 */
@Injectable()
export class StudentService {
  constructor(
    private readonly students: StudentRepository,
    private readonly audit: AuditService,
    private readonly geocoder: Geocoder,
  ) {}

  /** The entity, for other modules that act on a student of the viewer's own organisation. */
  async findOwn(viewer: Viewer, id: string, field = 'id'): Promise<StudentProfileEntity> {
    policy.assertCanReadStudents(viewer);
    const student = await this.students.findOwn(id, viewer.organisationId);
    if (!student) throw StagebankError.notFound('Student', id, field);
    await this.audit.recordStudentReads(viewer, [student.id]);
    return student;
  }

  /** Every current (not yet left) student of the viewer's organisation (each read is audited). */
  async listAllCurrent(viewer: Viewer): Promise<StudentProfileEntity[]> {
    policy.assertCanReadStudents(viewer);
    const students = await this.students.currentOf(viewer.organisationId);
    await this.audit.recordStudentReads(
      viewer,
      students.map((s) => s.id),
    );
    return students;
  }

  async get(viewer: Viewer, id: string): Promise<StudentProfile> {
    return toStudentProfile(await this.findOwn(viewer, id));
  }

  async list(viewer: Viewer, { filter, ...page }: StudentProfilesArgs): Promise<Connection<StudentProfile>> {
    policy.assertCanReadStudents(viewer);
    const shown = mapConnection(await this.students.list(viewer.organisationId, filter, page), toStudentProfile);
    await this.audit.recordStudentReads(
      viewer,
      shown.edges.map((e) => e.node.id),
    );
    return shown;
  }

  async create(viewer: Viewer, input: StudentProfileInput): Promise<StudentProfile> {
    policy.assertCanKeepStudents(viewer);
    await this.assertCodeFree(viewer, input.code);
    assertNoContradictions(studentContradictions(input));
    const homeLocation = input.homeLocation ?? (await this.geocoder.requirePostcode(input.homePostcode, 'input.homePostcode'));
    return toStudentProfile(await this.students.insert({ ...profileValues({ ...input, homeLocation }), organisationId: viewer.organisationId }));
  }

  async update(viewer: Viewer, id: string, input: UpdateStudentProfileInput): Promise<StudentProfile> {
    policy.assertCanKeepStudents(viewer);
    const student = await this.findOwn(viewer, id);
    if (input.code !== undefined && input.code !== student.code) await this.assertCodeFree(viewer, input.code);
    // A new postcode without coordinates moves the home to that postcode's centre.
    const moved = input.homePostcode != null && input.homeLocation == null && normalisePostcode(input.homePostcode) !== student.homePostcode;
    const homeLocation = moved ? await this.geocoder.requirePostcode(input.homePostcode!, 'input.homePostcode') : (input.homeLocation ?? undefined);
    const next = this.students.withChanges(student, profileValues({ ...input, homeLocation }));
    // Checked on the whole profile after the change: a change contradicting a stored field is refused too.
    assertNoContradictions(studentContradictions(next));
    return toStudentProfile(await this.students.save(next));
  }

  private async assertCodeFree(viewer: Viewer, code: string): Promise<void> {
    if (await this.students.codeTaken(viewer.organisationId, code)) {
      throw new StagebankError(ErrorCode.CONFLICT, `Your organisation already has a student with code ${code}`, 'input.code');
    }
  }
}
