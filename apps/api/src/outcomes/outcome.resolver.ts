import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CertificateAwardEntity, FollowUpEntity, InternshipEvaluationEntity, InternshipOutcomeEntity, PraktijkverklaringEntity } from '@stagebank/persistence';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { Internship } from '../internships/internship.types';
import { User } from '../organisations/organisation.types';
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

const toOutcome = (
  outcome: InternshipOutcomeEntity,
  praktijkverklaringen: PraktijkverklaringEntity[],
  certificates: CertificateAwardEntity[],
): InternshipOutcome => ({
  destination: outcome.destination,
  earlyEndReason: outcome.earlyEndReason,
  recordedAt: outcome.recordedAt,
  praktijkverklaringen: praktijkverklaringen.map((p) => ({
    crebo: p.crebo,
    werkprocessen: p.werkprocessen,
    issuedOn: p.issuedOn,
    issuingSchool: p.issuingSchool,
  })),
  certificates: certificates.map((c) => ({ kind: c.kind, name: c.name, issuedOn: c.issuedOn })),
});

async function outcomeOf(internshipId: string, loaders: Loaders): Promise<InternshipOutcome | null> {
  const [outcome, praktijkverklaringen, certificates] = await Promise.all([
    loaders.outcomeOfInternship.load(internshipId),
    loaders.praktijkverklaringenOfInternship.load(internshipId),
    loaders.certificatesOfInternship.load(internshipId),
  ]);
  return outcome && toOutcome(outcome, praktijkverklaringen, certificates);
}

/** Results, recorded on internships and students; readable only by their own organisation (row-level security). */
@Resolver(() => Internship)
export class OutcomeResolver {
  constructor(private readonly outcomes: OutcomeService) {}

  @Mutation(() => Evaluation)
  async recordEvaluation(
    @CurrentViewer() viewer: Viewer,
    @IdArg('internshipId') internshipId: string,
    @Args('input') input: EvaluationInput,
  ): Promise<Evaluation> {
    return toEvaluation(await this.outcomes.recordEvaluation(viewer, internshipId, input));
  }

  @Mutation(() => InternshipOutcome, { description: 'The outcome of an ended internship; recording again replaces it.' })
  async recordInternshipOutcome(
    @CurrentViewer() viewer: Viewer,
    @IdArg('internshipId') internshipId: string,
    @Args('input') input: InternshipOutcomeInput,
    @Context('loaders') loaders: Loaders,
  ): Promise<InternshipOutcome> {
    await this.outcomes.recordOutcome(viewer, internshipId, input);
    return (await outcomeOf(internshipId, loaders))!;
  }

  @Mutation(() => FollowUp, { description: 'A check-in after the student left (up to 36 months); UNKNOWN when they could not be reached.' })
  async recordFollowUp(@CurrentViewer() viewer: Viewer, @IdArg('studentId') studentId: string, @Args('input') input: FollowUpInput): Promise<FollowUp> {
    return toFollowUp(await this.outcomes.recordFollowUp(viewer, studentId, input));
  }

  @ResolveField(() => [Evaluation], { description: 'Oldest first.' })
  async evaluations(@Parent() internship: Internship, @Context('loaders') loaders: Loaders): Promise<Evaluation[]> {
    return (await loaders.evaluationsOfInternship.load(internship.id)).map(toEvaluation);
  }

  @ResolveField(() => InternshipOutcome, { nullable: true, description: 'Null until recorded.' })
  outcome(@Parent() internship: Internship, @Context('loaders') loaders: Loaders): Promise<InternshipOutcome | null> {
    return outcomeOf(internship.id, loaders);
  }
}

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @ResolveField(() => User, { nullable: true, description: 'Who recorded it; null once their account is gone.' })
  async evaluator(@Parent() evaluation: Evaluation, @Context('loaders') loaders: Loaders): Promise<User | null> {
    if (!evaluation.evaluatorUserId) return null;
    const user = await loaders.user.load(evaluation.evaluatorUserId);
    return user && { id: user.id, displayName: user.displayName };
  }
}

@Resolver(() => StudentProfile)
export class FollowUpResolver {
  @ResolveField(() => [FollowUp], { description: 'Check-ins after leaving, oldest first.' })
  async followUps(@Parent() student: StudentProfile, @Context('loaders') loaders: Loaders): Promise<FollowUp[]> {
    return (await loaders.followUpsOfStudent.load(student.id)).map(toFollowUp);
  }
}
