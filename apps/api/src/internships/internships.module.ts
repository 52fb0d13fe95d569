import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InternshipEntity } from '@stagebank/persistence';
import { StudentsModule } from '../students/students.module';
import { InternshipResolver } from './internship.resolver';
import { InternshipService } from './internship.service';
import { EndSweep } from './end-sweep';
import { HoldSweep } from './hold-sweep';

const resolvers = [InternshipResolver];

/** Internships: a student on a placement for a period, through its lifecycle, holding a seat. */
@Module({
  imports: [TypeOrmModule.forFeature([InternshipEntity]), StudentsModule],
  providers: [InternshipService, HoldSweep, EndSweep, ...resolvers],
})
export class InternshipsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
