import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LabourMarketRegion } from '@stagebank/domain';
import { FairnessRule, HigherReason, NotPlacedReason, Outcome } from '@stagebank/planning';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Internship } from '../internships/internship.types';
import { MatchPeriodInput } from '../matching/matching.types';
import { Nested } from '../common/validation';

registerEnumType(FairnessRule, { name: 'CohortFairnessRule', description: 'How a regional round shares scarce seats between schools.' });
registerEnumType(Outcome, { name: 'CohortOutcome' });
registerEnumType(NotPlacedReason, { name: 'CohortNotPlacedReason' });
registerEnumType(HigherReason, { name: 'CohortHigherReason', description: 'Why a student did not get a placement ranked higher in their own list.' });

/** Bounds on one plan: the solver's work grows with students × candidates. */
export const MAX_COHORT_STUDENTS = 500;
export const MAX_REGION_STUDENTS = 5000;
export const MAX_CANDIDATES_PER_STUDENT = 50;
export const DEFAULT_CANDIDATES_PER_STUDENT = 25;
export const MAX_PERIOD_DAYS = 400;

@InputType()
export class CohortPairInput {
  @Field(() => ID)
  @IsUUID()
  studentId: string;

  @Field(() => ID)
  @IsUUID()
  placementId: string;
}

@InputType()
export class PlanCohortInput {
  @Field(() => [ID], { nullable: true, description: `Your students to place (at most ${MAX_COHORT_STUDENTS}); default every current student.` })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @IsUUID('all', { each: true })
  studentIds?: string[];

  @Field(() => ID, { nullable: true, description: 'A saved group (saveStudentGroup) to place: its students still current. Not with studentIds.' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @Field(() => MatchPeriodInput)
  @Nested(() => MatchPeriodInput)
  period: MatchPeriodInput;

  @Field(() => [ID], { nullable: true, description: 'The priority group (e.g. final-year students): placed first.' })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @IsUUID('all', { each: true })
  priorityStudentIds?: string[];

  @Field(() => [CohortPairInput], { nullable: true, description: 'Fix these students to these placements.' })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @Nested(() => CohortPairInput)
  pins?: CohortPairInput[];

  @Field(() => [CohortPairInput], { nullable: true, description: 'Never propose these pairs.' })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS * 5)
  @Nested(() => CohortPairInput)
  forbidden?: CohortPairInput[];

  @Field(() => [ID], { nullable: true, description: 'Leave these students out.' })
  @IsOptional()
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @IsUUID('all', { each: true })
  excludedStudentIds?: string[];

  @Field({ defaultValue: false, description: 'After placing as many as possible, honour as many first sector choices as possible.' })
  @IsBoolean()
  honourFirstChoices: boolean = false;

  @Field(() => Int, {
    defaultValue: DEFAULT_CANDIDATES_PER_STUDENT,
    description: `How many of each student's best placements the plan weighs (1–${MAX_CANDIDATES_PER_STUDENT}).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_CANDIDATES_PER_STUDENT)
  candidatesPerStudent: number = DEFAULT_CANDIDATES_PER_STUDENT;
}

@InputType()
export class PlanRegionalRoundInput {
  @Field(() => LabourMarketRegion)
  @IsEnum(LabourMarketRegion)
  region: LabourMarketRegion;

  @Field(() => MatchPeriodInput)
  @Nested(() => MatchPeriodInput)
  period: MatchPeriodInput;

  @Field(() => FairnessRule, { defaultValue: FairnessRule.SCARCE_SEAT_FLOOR })
  @IsEnum(FairnessRule)
  fairness: FairnessRule = FairnessRule.SCARCE_SEAT_FLOOR;

  @Field(() => Float, {
    defaultValue: 0.8,
    description: 'For SCARCE_SEAT_FLOOR: the share (0–1) of its proportional part of the scarce seats every school gets at least.',
  })
  @IsNumber()
  @Min(0)
  @Max(1)
  scarceSeatFloor: number = 0.8;

  @Field({ defaultValue: true, description: 'Final-year students form the priority group.' })
  @IsBoolean()
  finalYearFirst: boolean = true;

  @Field({ defaultValue: false })
  @IsBoolean()
  honourFirstChoices: boolean = false;

  @Field(() => Int, { defaultValue: DEFAULT_CANDIDATES_PER_STUDENT })
  @IsInt()
  @Min(1)
  @Max(MAX_CANDIDATES_PER_STUDENT)
  candidatesPerStudent: number = DEFAULT_CANDIDATES_PER_STUDENT;
}

@ObjectType({ description: 'Why a student did not get a placement ranked higher in their own list. Other schools are named, never their students.' })
export class CohortWhyNotHigher {
  @Field(() => ID)
  placementId: string;

  @Field(() => Int, { description: "Its rank in the student's own matchPlacements list." })
  rank: number;

  @Field(() => HigherReason)
  reason: HigherReason;

  @Field(() => [String], { description: 'Codes of your own students who hold it in this plan.' })
  heldByYourStudents: string[];

  @Field(() => [String], { description: 'Names of other schools whose students hold it in this plan.' })
  heldByOtherSchools: string[];
}

@ObjectType({ description: "One of your students in a plan: what they get and why. Only the student's own organisation sees it." })
export class CohortPlanStudent {
  @Field(() => ID)
  studentId: string;

  @Field()
  code: string;

  @Field(() => Outcome)
  outcome: Outcome;

  @Field(() => ID, { nullable: true })
  placementId: string | null;

  @Field(() => Int, { nullable: true, description: 'Rank of this placement in their own matchPlacements list (1 = their best).' })
  rank: number | null;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => Float, { nullable: true })
  distanceKm: number | null;

  @Field(() => Int, { nullable: true })
  travelMinutes: number | null;

  @Field(() => Boolean, { nullable: true, description: 'In their first preferred sector.' })
  firstChoice: boolean | null;

  @Field(() => Int, { description: 'Placements weighed for them (those passing every hard limit, best first, up to candidatesPerStudent).' })
  candidateCount: number;

  @Field(() => NotPlacedReason, { nullable: true })
  notPlacedReason: NotPlacedReason | null;

  @Field(() => CohortWhyNotHigher, { nullable: true })
  whyNotHigher: CohortWhyNotHigher | null;

  @Field()
  explanationNl: string;

  @Field()
  explanationEn: string;

  @Field(() => ID, { nullable: true, description: 'The proposed internship, once accepted.' })
  internshipId: string | null;
}

@ObjectType({ description: 'Figures for one school in a plan (no students).' })
export class CohortSchoolFigures {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationName: string;

  @Field(() => Int)
  students: number;

  @Field(() => Int)
  placed: number;

  @Field(() => Float)
  sharePlaced: number;

  @Field(() => Float, { nullable: true })
  meanRank: number | null;

  @Field(() => Float, { nullable: true })
  meanScore: number | null;

  @Field(() => Float, { nullable: true })
  meanTravelMinutes: number | null;

  @Field(() => Int)
  notPlaced: number;

  @Field(() => Int, { description: 'Scarce seats (placements more students could take than they have seats) given to this school.' })
  scarceSeats: number;

  @Field(() => Int, { nullable: true, description: 'The scarce seats this school was owed under SCARCE_SEAT_FLOOR.' })
  scarceSeatFloor: number | null;
}

@ObjectType()
export class CohortFairness {
  @Field(() => FairnessRule)
  rule: FairnessRule;

  @Field(() => Float, { nullable: true })
  floor: number | null;

  @Field(() => Float, { description: 'Scarce seats the floors could not give (0: every floor met).' })
  shortfall: number;

  @Field(() => Float, { nullable: true })
  worstSchoolMeanScore: number | null;

  @Field(() => Float)
  totalScoreWithout: number;

  @Field(() => Int)
  placedWithout: number;

  @Field(() => Float, { description: 'Total match score given up for fairness.' })
  costInTotalScore: number;

  @Field(() => Int, { description: 'Students placed fewer because of fairness.' })
  costInPlaced: number;
}

@ObjectType({ description: 'A proposal: nothing but the plan itself is written until acceptCohortPlan.' })
export class CohortPlan {
  @Field(() => ID)
  id: string;

  @Field(() => LabourMarketRegion, { nullable: true })
  region: LabourMarketRegion | null;

  @Field(() => GraphQLLocalDate)
  periodFrom: string;

  @Field(() => GraphQLLocalDate)
  periodTo: string;

  @Field()
  createdAt: Date;

  @Field({ description: 'The objective, in plain words.' })
  objectiveNl: string;

  @Field()
  objectiveEn: string;

  @Field(() => Int)
  placed: number;

  @Field(() => Int)
  priorityPlaced: number;

  @Field(() => Int)
  firstChoicesHonoured: number;

  @Field(() => Float)
  totalScore: number;

  @Field({ description: 'Every stage of the objective was solved to proven optimality.' })
  optimal: boolean;

  @Field(() => CohortFairness, { nullable: true })
  fairness: CohortFairness | null;

  @Field(() => [CohortSchoolFigures])
  schools: CohortSchoolFigures[];

  @Field(() => [CohortPlanStudent], { description: 'Your own students only.' })
  students: CohortPlanStudent[];
}

@ObjectType()
export class CohortReplanning {
  @Field(() => ID)
  studentId: string;

  @Field()
  code: string;

  @Field(() => ID)
  placementId: string;

  @Field()
  reason: string;
}

@ObjectType()
export class AcceptCohortPlanResult {
  @Field(() => [Internship])
  created: Internship[];

  @Field(() => [CohortReplanning], { description: 'Students whose seat went meanwhile: nothing was created for them; plan again.' })
  needsReplanning: CohortReplanning[];
}

/** A saved group of your students, to plan together again. */
@ObjectType({ description: 'A saved group of your own students (a class, a year), to plan together again. Private to your organisation.' })
export class StudentGroup {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => [ID], { description: 'Its students, by id (a student who is erased leaves the group).' })
  studentIds: string[];

  @Field(() => Int)
  size: number;

  @Field()
  updatedAt: Date;
}

@InputType()
export class SaveStudentGroupInput {
  @Field(() => ID, { nullable: true, description: 'The group to change; without it, a new group.' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @Field({ description: 'Unique within your organisation, 1–80 characters.' })
  @MinLength(1)
  @MaxLength(80)
  name: string;

  @Field(() => [ID], { description: `Your students (1–${MAX_COHORT_STUDENTS}).` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COHORT_STUDENTS)
  @IsUUID('all', { each: true })
  studentIds: string[];
}
