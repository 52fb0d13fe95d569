import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StudentProfileEntity } from '@stagebank/persistence';
import { StudentPrivacyService } from './student-privacy.service';
import { StudentRepository } from './student.repository';
import { StudentResolver } from './student.resolver';
import { StudentService } from './student.service';

const resolvers = [StudentResolver];

/** A school's students and their profiles: school-private, with retention of leavers' data. */
@Module({
  imports: [TypeOrmModule.forFeature([StudentProfileEntity])],
  providers: [StudentRepository, StudentService, StudentPrivacyService, ...resolvers],
  exports: [StudentService],
})
export class StudentsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
