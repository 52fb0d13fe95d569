import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Destination, EmployerKind, LabourMarketRegion, OrganisationKind, PlacementType, Sector } from '@stagebank/domain';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Nested } from '../common/validation';

export enum StatisticsScopeKind {
  /** Your own organisation: every figure, unsuppressed. */
  ORGANISATION = 'ORGANISATION',
  /** Placements at sites in one labour-market region, all organisations: counts only, small cells suppressed. */
  REGION = 'REGION',
  /** The whole network: counts only, small cells suppressed. */
  NETWORK = 'NETWORK',
}
registerEnumType(StatisticsScopeKind, { name: 'StatisticsScopeKind' });

export enum StatisticsGroupBy {
  SECTOR = 'SECTOR',
  EMPLOYER_KIND = 'EMPLOYER_KIND',
  PLACEMENT_TYPE = 'PLACEMENT_TYPE',
  SCHOOL_KIND = 'SCHOOL_KIND',
  /** The month the internship started. */
  MONTH = 'MONTH',
}
registerEnumType(StatisticsGroupBy, { name: 'StatisticsGroupBy' });

@InputType()
export class StatisticsScopeInput {
  @Field(() => StatisticsScopeKind)
  @IsEnum(StatisticsScopeKind)
  kind: StatisticsScopeKind;

  @Field(() => LabourMarketRegion, { nullable: true, description: 'Required for REGION.' })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;
}

@InputType()
export class PeriodInput {
  @Field(() => GraphQLLocalDate)
  from: string;

  @Field(() => GraphQLLocalDate)
  to: string;
}

@ArgsType()
export class PlacementStatisticsArgs {
  @Field(() => StatisticsScopeInput)
  @Nested(() => StatisticsScopeInput)
  scope: StatisticsScopeInput;

  @Field(() => PeriodInput, { description: 'Internships that started in this period (inclusive), at most 5 years.' })
  @Nested(() => PeriodInput)
  period: PeriodInput;

  @Field(() => [StatisticsGroupBy], { defaultValue: [] })
  @ArrayMaxSize(5)
  @ArrayUnique({ message: 'groupBy must not name a grouping twice' })
  @IsEnum(StatisticsGroupBy, { each: true })
  groupBy: StatisticsGroupBy[] = [];
}

@ObjectType()
export class StatisticsGroupKey {
  @Field(() => Sector, { nullable: true })
  sector: Sector | null;

  @Field(() => EmployerKind, { nullable: true })
  employerKind: EmployerKind | null;

  @Field(() => PlacementType, { nullable: true })
  placementType: PlacementType | null;

  @Field(() => OrganisationKind, { nullable: true })
  schoolKind: OrganisationKind | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM.' })
  month: string | null;
}

@ObjectType()
export class LabelledCount {
  @Field({ description: 'The reason, destination or certificate kind; UNKNOWN where nothing was recorded.' })
  label: string;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (fewer than 5 students).' })
  count: number | null;
}

@ObjectType({ description: 'Figures about internships that started in the period. A null figure was suppressed: too few students to show.' })
export class StatisticsRow {
  @Field(() => StatisticsGroupKey)
  group: StatisticsGroupKey;

  @Field(() => Int, { nullable: true })
  started: number | null;

  @Field(() => Int, { nullable: true, description: 'Completed, and not unaccounted for (its outcome recorded, or its planned end not passed yet).' })
  completed: number | null;

  @Field(() => Int, { nullable: true, description: 'Ended early, and not unaccounted for (its outcome recorded, or its planned end not passed yet).' })
  endedEarly: number | null;

  @Field(() => [LabelledCount])
  endedEarlyReasons: LabelledCount[];

  @Field(() => Int, { nullable: true, description: 'Not ended, and the planned end not yet passed.' })
  stillGoing: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Unaccounted for: the planned end has passed and no outcome is recorded, whatever the status says (as internships(filter: { unaccountedFor: true }) lists them). Completed, endedEarly, stillGoing and unaccounted add up to started.',
  })
  unaccounted: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seat-days taken ÷ seat-days offered in the period, over the placements in scope; null when grouped by school kind.',
  })
  occupancyRate: number | null;

  @Field(() => Float, { nullable: true, description: "Share placed in the student's first-choice sector (students whose data was erased are left out)." })
  firstChoiceSectorHonouredRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Median straight-line km from home to site.' })
  medianTravelKm: number | null;

  @Field(() => Int, { nullable: true })
  praktijkverklaringen: number | null;

  @Field(() => Int, { nullable: true, description: 'Internships with at least one praktijkverklaring ("certified").' })
  certified: number | null;

  @Field(() => [LabelledCount])
  certificates: LabelledCount[];

  @Field(() => [LabelledCount], { description: 'Of ended internships; UNKNOWN where no outcome was recorded.' })
  destinations: LabelledCount[];

  @Field(() => [String], { description: 'Figures withheld in this row (small cells, and cells that would give them away).' })
  suppressed: string[];
}

@ObjectType({ description: 'Students who left in the period, N months on: paid work, by the check-in nearest that moment (within 3 months).' })
export class FollowUpFigure {
  @Field(() => Int)
  months: number;

  @Field(() => Int, { nullable: true, description: 'Left in the period at least N months ago.' })
  students: number | null;

  @Field(() => Int, { nullable: true })
  paidJob: number | null;

  @Field(() => Int, { nullable: true, description: 'No check-in near the moment, or UNKNOWN recorded.' })
  unknown: number | null;

  @Field(() => Float, { nullable: true, description: 'paidJob ÷ (students − unknown).' })
  paidJobRate: number | null;
}

@ObjectType()
export class PlacementStatistics {
  @Field(() => StatisticsScopeKind)
  scope: StatisticsScopeKind;

  @Field(() => LabourMarketRegion, { nullable: true })
  region: LabourMarketRegion | null;

  @Field(() => GraphQLLocalDate)
  from: string;

  @Field(() => GraphQLLocalDate)
  to: string;

  @Field(() => [StatisticsGroupBy])
  groupBy: StatisticsGroupBy[];

  @Field(() => [StatisticsRow])
  rows: StatisticsRow[];

  @Field(() => StatisticsRow)
  totals: StatisticsRow;

  @Field(() => [FollowUpFigure])
  followUp: FollowUpFigure[];

  @Field(() => Int, { description: 'Beyond your own organisation, figures about fewer students than this are withheld.' })
  suppressionThreshold: number;
}

@ObjectType({ description: 'What placing students with this employer led to, across the network.' })
export class EmployerTrackRecord {
  @Field(() => Int)
  completed: number;

  @Field(() => Int)
  endedEarly: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Paid jobs at this employer after an internship; null when fewer than 5 students had a recorded outcome there.',
  })
  paidJobsOffered: number | null;

  @Field(() => Float, { nullable: true, description: "Schools' experiences, mean of the three questions (1–5)." })
  averageExperience: number | null;

  @Field(() => Int)
  experiences: number;
}

export const DESTINATIONS = Object.values(Destination);
