import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Audience, FlagSource, PlacementType, Sector, VerifiableFlag } from '@stagebank/domain';
import { Criterion, HardLimit, MAX_WEIGHT } from '@stagebank/matching';
import { ArrayUnique, IsEnum, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PageArgs, Paginated } from '../common/pagination';
import { Nested } from '../common/validation';
import { StudentProfile } from '../students/student.types';

registerEnumType(Criterion, { name: 'MatchCriterion', description: 'What a match score is made of.' });
registerEnumType(HardLimit, { name: 'HardLimit', description: 'Why a placement cannot be offered to a student.' });

@ObjectType({ description: "One criterion's part of a match score." })
export class MatchScoreLine {
  @Field(() => Criterion)
  criterion: Criterion;

  @Field(() => Float, {
    description:
      'The weight for this student (recognition doubles for a praktijkverklaring goal or exit profile FURTHER_EDUCATION; paid-job chance doubles in the final year or toward LABOUR_MARKET, is 0 toward DAY_ACTIVITY).',
  })
  weight: number;

  @Field(() => Float, { description: 'How well the criterion is met, 0–1.' })
  raw: number;

  @Field(() => Float, { description: 'Points of the 0–100 score; the lines add up to the score.' })
  points: number;

  @Field()
  explanationNl: string;

  @Field()
  explanationEn: string;
}

@ObjectType({ description: 'Whether a flag this match relies on was verified by a coach who visited or only declared (by the employer or an import).' })
export class MatchFlagNote {
  @Field(() => VerifiableFlag)
  flag: VerifiableFlag;

  @Field(() => FlagSource)
  source: FlagSource;

  @Field()
  explanationNl: string;

  @Field()
  explanationEn: string;
}

@ObjectType({ description: 'A sentence about a match that is not part of its score.' })
export class MatchNote {
  @Field()
  explanationNl: string;

  @Field()
  explanationEn: string;
}

@ObjectType({ description: 'A placement proposed for a student, with the reasons for its score.' })
export class PlacementMatch {
  @Field(() => ID)
  placementId: string;

  @Field(() => ID)
  employerId: string;

  @Field(() => ID)
  siteId: string;

  @Field(() => Float, {
    description: 'Distance from home along the WGS84 ellipsoid (geodesic, as PostGIS geography measures it), km at full precision; round it only for display.',
  })
  distanceKm: number;

  @Field(() => Int, { description: "Estimated door-to-door minutes for the student's way of travelling." })
  travelMinutes: number;

  @Field(() => Float, { description: '0–100.' })
  score: number;

  @Field(() => [MatchScoreLine])
  breakdown: MatchScoreLine[];

  @Field(() => [MatchFlagNote], {
    description:
      "Suitability for the student's audience (always), wheelchair access (when the student needs it) and supervision training (when the site has trained supervisors): verified on a visit or only declared.",
  })
  flagNotes: MatchFlagNote[];

  @Field(() => [MatchNote], {
    description:
      'What to know beside the score, e.g. that the placement is reserved for your organisation until a day, or that the employer did not answer approaches (Employer.approachSignals.doesNotRespond).',
  })
  notes: MatchNote[];
}

@ObjectType()
export class PlacementMatchConnection extends Paginated(PlacementMatch) {}

@ObjectType()
export class MatchExclusion {
  @Field(() => HardLimit)
  limit: HardLimit;

  @Field()
  explanationNl: string;

  @Field()
  explanationEn: string;
}

@ObjectType({ description: 'Why a placement is or is not proposed for a student.' })
export class MatchExplanation {
  @Field(() => ID)
  placementId: string;

  @Field()
  excluded: boolean;

  @Field(() => [MatchExclusion], { description: 'Every hard limit the placement breaks; empty when it is proposed.' })
  exclusions: MatchExclusion[];

  @Field(() => PlacementMatch, { nullable: true })
  match: PlacementMatch | null;

  @Field(() => Int, { nullable: true, description: 'Its place in the ranking (1 = best) when it is proposed.' })
  rank: number | null;

  @Field(() => Int, { description: 'How many placements are proposed in all.' })
  totalMatches: number;
}

@ObjectType({ description: 'A student of your own organisation who could take a placement.' })
export class StudentMatch {
  @Field(() => StudentProfile)
  student: StudentProfile;

  @Field(() => Float)
  distanceKm: number;

  @Field(() => Int)
  travelMinutes: number;

  @Field(() => Float)
  score: number;

  @Field(() => [MatchScoreLine])
  breakdown: MatchScoreLine[];
}

@InputType()
export class MatchPeriodInput {
  @Field(() => GraphQLLocalDate)
  from: string;

  @Field(() => GraphQLLocalDate)
  to: string;
}

@InputType()
export class MatchFilter {
  @Field(() => MatchPeriodInput, { nullable: true, description: "Default: from the student's availability (or today) for 90 days." })
  @IsOptional()
  @Nested(() => MatchPeriodInput)
  period?: MatchPeriodInput;

  @Field(() => [Sector], { nullable: true, description: 'Only placements in these sectors.' })
  @IsOptional()
  @IsEnum(Sector, { each: true })
  sectors?: Sector[];

  @Field(() => [PlacementType], { nullable: true })
  @IsOptional()
  @IsEnum(PlacementType, { each: true })
  types?: PlacementType[];

  @Field(() => [VerifiableFlag], {
    nullable: true,
    description:
      'Only placements where a coach who visited verified each of these to hold (all of them): the site is wheelchair accessible, it suits its audiences, a supervisor at the site is trained. Declared-only flags do not count.',
  })
  @IsOptional()
  @IsEnum(VerifiableFlag, { each: true })
  @ArrayUnique()
  verified?: VerifiableFlag[];

  @Field(() => Audience, { nullable: true, description: "For an unsaved profile: the audience; default the viewer's organisation's." })
  @IsOptional()
  @IsEnum(Audience)
  audience?: Audience;
}

@ArgsType()
export class MatchPageArgs extends PageArgs {
  @Field(() => MatchFilter, { nullable: true })
  @IsOptional()
  @Nested(() => MatchFilter)
  filter?: MatchFilter;
}

const weightField = (description: string) => Field(() => Float, { description });

@ObjectType({ description: `Matching weights, each 0–${MAX_WEIGHT}; a score divides by their sum.` })
export class MatchingWeights {
  @weightField('Preferred sector, related sectors as close alternatives.') sector: number;
  @weightField('Overlap of interests and tasks.') tasks: number;
  @weightField('Travel time (decaying).') travel: number;
  @weightField('Supervision level, trained supervisors and headroom.') supervision: number;
  @weightField("Schools' experiences with the employer about similar students (same audience, and support need where known); neutral below 3.")
  experience: number;
  @weightField('SBB recognition and the Boris flag.') recognition: number;
  @weightField('Chance of a paid job afterwards.') paidJob: number;
  @weightField('Working days that fit.') schedule: number;
  @weightField('An allowance is paid.') allowance: number;
  @weightField("The kind of place fits the student's exit profile (uitstroomprofiel).") exitProfile: number;
  @weightField('How internships of similar students (same audience and support need) went at this employer; neutral below 5 cases.') trackRecord: number;

  @Field({ description: 'True while the organisation uses the defaults.' })
  isDefault: boolean;
}

const weightInput = () => (target: object, key: string) => {
  Field(() => Float, { nullable: true })(target, key);
  IsOptional()(target, key);
  IsNumber()(target, key);
  Min(0)(target, key);
  Max(MAX_WEIGHT)(target, key);
};

@InputType({ description: 'Weights to change; the others keep their value.' })
export class MatchingWeightsInput {
  @weightInput() sector?: number;
  @weightInput() tasks?: number;
  @weightInput() travel?: number;
  @weightInput() supervision?: number;
  @weightInput() experience?: number;
  @weightInput() recognition?: number;
  @weightInput() paidJob?: number;
  @weightInput() schedule?: number;
  @weightInput() allowance?: number;
  @weightInput() exitProfile?: number;
  @weightInput() trackRecord?: number;
}

/** GraphQL field name ↔ engine criterion. */
export const WEIGHT_FIELDS: Record<Exclude<keyof MatchingWeights, 'isDefault'>, Criterion> = {
  sector: Criterion.SECTOR,
  tasks: Criterion.TASKS,
  travel: Criterion.TRAVEL,
  supervision: Criterion.SUPERVISION,
  experience: Criterion.EXPERIENCE,
  recognition: Criterion.RECOGNITION,
  paidJob: Criterion.PAID_JOB,
  schedule: Criterion.SCHEDULE,
  allowance: Criterion.ALLOWANCE,
  exitProfile: Criterion.EXIT_PROFILE,
  trackRecord: Criterion.TRACK_RECORD,
};
