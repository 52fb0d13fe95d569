import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InternshipEntity } from '@stagebank/persistence';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { InternshipRepository } from './internship.repository';
import { InternshipResolver } from './internship.resolver';
import { InternshipService } from './internship.service';
import { EndSweep } from './end-sweep';
import { HoldSweep } from './hold-sweep';

const resolvers = [InternshipResolver];

/** The internships' background work (jobs internship-holds and internship-ends), which the worker runs too. */
@Module({ providers: [InternshipRepository, HoldSweep, EndSweep] })
export class InternshipJobsModule {}

/** Internships: a student on a placement for a period, through its lifecycle, holding a seat. */
@Module({
  imports: [TypeOrmModule.forFeature([InternshipEntity]), StudentsModule, PlacementsModule, InternshipJobsModule],
  providers: [InternshipRepository, InternshipService, ...resolvers],
})
export class InternshipsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
