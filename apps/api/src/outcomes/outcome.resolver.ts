import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CertificateAwardEntity, FollowUpEntity, InternshipEvaluationEntity, InternshipOutcomeEntity, PraktijkverklaringEntity } from '@stagebank/persistence';
import { DataSource } from 'typeorm';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Internship } from '../internships/internship.types';
import { StudentProfile } from '../students/student.types';
import { OutcomeService } from './outcome.service';
import { Evaluation, EvaluationInput, FollowUp, FollowUpInput, InternshipOutcome, InternshipOutcomeInput, WerkprocesScore } from './outcome.types';

const toEvaluation = (e: InternshipEvaluationEntity): Evaluation => ({
  id: e.id,
  evaluatedOn: e.evaluatedOn,
  evaluatorUserId: e.evaluatorUserId,
  werkprocessen: e.werkprocessen as WerkprocesScore[],
  text: e.text,
});

const toFollowUp = (f: FollowUpEntity): FollowUp => ({ id: f.id, checkedOn: f.checkedOn, situation: f.situation, note: f.note });

/** Results, recorded on internships and students; readable only by their own organisation (row-level security). */
@Resolver(() => Internship)
export class OutcomeResolver {
  constructor(
    private readonly outcomes: OutcomeService,
    private readonly db: DataSource,
  ) {}

  @Mutation(() => Evaluation)
  async recordEvaluation(@CurrentViewer() viewer: Viewer, @IdArg('internshipId') internshipId: string, @Args('input') input: EvaluationInput): Promise<Evaluation> {
    return toEvaluation(await this.outcomes.recordEvaluation(viewer, internshipId, input));
  }

  @Mutation(() => InternshipOutcome, { description: 'The outcome of an ended internship; recording again replaces it.' })
  async recordInternshipOutcome(@CurrentViewer() viewer: Viewer, @IdArg('internshipId') internshipId: string, @Args('input') input: InternshipOutcomeInput): Promise<InternshipOutcome> {
    await this.outcomes.recordOutcome(viewer, internshipId, input);
    return (await this.outcomeOf(internshipId))!;
  }

  @Mutation(() => FollowUp, { description: 'A check-in after the student left (up to 36 months); UNKNOWN when they could not be reached.' })
  async recordFollowUp(@CurrentViewer() viewer: Viewer, @IdArg('studentId') studentId: string, @Args('input') input: FollowUpInput): Promise<FollowUp> {
    return toFollowUp(await this.outcomes.recordFollowUp(viewer, studentId, input));
  }

  @ResolveField(() => [Evaluation])
  async evaluations(@Parent() internship: Internship): Promise<Evaluation[]> {
    return (await this.db.getRepository(InternshipEvaluationEntity).find({ where: { internshipId: internship.id }, order: { evaluatedOn: 'ASC', createdAt: 'ASC' } })).map(toEvaluation);
  }

  @ResolveField(() => InternshipOutcome, { nullable: true, description: 'Null until recorded.' })
  outcome(@Parent() internship: Internship): Promise<InternshipOutcome | null> {
    return this.outcomeOf(internship.id);
  }

  private async outcomeOf(internshipId: string): Promise<InternshipOutcome | null> {
    const outcome = await this.db.getRepository(InternshipOutcomeEntity).findOneBy({ internshipId });
    if (!outcome) return null;
    const [praktijkverklaringen, certificates] = await Promise.all([
      this.db.getRepository(PraktijkverklaringEntity).find({ where: { internshipId }, order: { issuedOn: 'ASC', crebo: 'ASC' } }),
      this.db.getRepository(CertificateAwardEntity).find({ where: { internshipId }, order: { issuedOn: 'ASC', kind: 'ASC' } }),
    ]);
    return {
      destination: outcome.destination,
      earlyEndReason: outcome.earlyEndReason,
      recordedAt: outcome.recordedAt,
      praktijkverklaringen: praktijkverklaringen.map((p) => ({ crebo: p.crebo, werkprocessen: p.werkprocessen, issuedOn: p.issuedOn, issuingSchool: p.issuingSchool })),
      certificates: certificates.map((c) => ({ kind: c.kind, name: c.name, issuedOn: c.issuedOn })),
    };
  }
}

@Resolver(() => StudentProfile)
export class FollowUpResolver {
  constructor(private readonly db: DataSource) {}

  @ResolveField(() => [FollowUp], { description: 'Check-ins after leaving, oldest first.' })
  async followUps(@Parent() student: StudentProfile): Promise<FollowUp[]> {
    return (await this.db.getRepository(FollowUpEntity).find({ where: { studentId: student.id }, order: { checkedOn: 'ASC', createdAt: 'ASC' } })).map(toFollowUp);
  }
}
