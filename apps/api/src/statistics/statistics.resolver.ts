import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { SMALL_CELL } from '@stagebank/domain';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { Loaders } from '../graphql/loaders';
import { Employer } from '../employers/employer.types';
import { writeCsv } from '../common/csv';
import { experienceSummaries } from '../collaboration/collaboration.loaders';
import { StatisticsService, employerTrackRecords } from './statistics.service';
import { EmployerTrackRecord, LabelledCount, PlacementStatistics, PlacementStatisticsArgs, StatisticsRow } from './statistics.types';

/** Every figure of a report as CSV: one line per row and the totals, lists spread over columns. */
function statisticsCsv(report: PlacementStatistics): string {
  const rows = [...report.rows, report.totals];
  const labels = (field: 'endedEarlyReasons' | 'certificates' | 'destinations') => [...new Set(rows.flatMap((r) => r[field].map((c) => c.label)))].sort();
  const lists = { endedEarlyReasons: labels('endedEarlyReasons'), certificates: labels('certificates'), destinations: labels('destinations') };
  const scalar = [
    'started',
    'completed',
    'endedEarly',
    'stillGoing',
    'unaccounted',
    'occupancyRate',
    'firstChoiceSectorHonouredRate',
    'medianTravelKm',
    'praktijkverklaringen',
    'certified',
  ] as const;
  const headers = [
    'sector',
    'employerKind',
    'placementType',
    'schoolKind',
    'month',
    ...scalar,
    ...Object.entries(lists).flatMap(([field, names]) => names.map((name) => `${field}.${name}`)),
    'suppressed',
  ];
  const line = (r: StatisticsRow, total: boolean) => [
    total ? 'TOTAL' : r.group.sector,
    r.group.employerKind,
    r.group.placementType,
    r.group.schoolKind,
    r.group.month,
    ...scalar.map((field) => r[field]),
    ...Object.entries(lists).flatMap(([field, names]) => names.map((name) => r[field as keyof typeof lists].find((c) => c.label === name)?.count ?? 0)),
    r.suppressed.join(' '),
  ];
  return writeCsv(headers, [...report.rows.map((r) => line(r, false)), line(report.totals, true)]);
}

@Resolver(() => PlacementStatistics)
export class StatisticsResolver {
  constructor(private readonly statistics: StatisticsService) {}

  @Query(() => PlacementStatistics, {
    description:
      'What internships that started in a period led to, for your organisation, a region or the network, grouped as asked. Beyond your organisation: counts only, with small cells withheld.',
  })
  placementStatistics(@CurrentViewer() viewer: Viewer, @Args() args: PlacementStatisticsArgs): Promise<PlacementStatistics> {
    return this.statistics.placementStatistics(viewer, args);
  }

  @Query(() => String, { description: 'The same report as CSV (UTF-8 with BOM, `;`).' })
  async placementStatisticsCsv(@CurrentViewer() viewer: Viewer, @Args() args: PlacementStatisticsArgs): Promise<string> {
    return statisticsCsv(await this.statistics.placementStatistics(viewer, args));
  }

  @ResolveField(() => [LabelledCount], {
    description:
      "Coaches' approaches of employers that ended in the period, by outcome (an ApproachOutcome, or UNKNOWN where none was given): your organisation's, those of employers with a site in the region, or the network's. About employers, not students: never withheld.",
  })
  approachOutcomes(@CurrentViewer() viewer: Viewer, @Parent() report: PlacementStatistics): Promise<LabelledCount[]> {
    return this.statistics.approachOutcomes(viewer, report);
  }
}

@Resolver(() => Employer)
export class EmployerTrackRecordResolver {
  @ResolveField(() => EmployerTrackRecord, { description: 'Completed and early-ended internships, paid jobs offered, and experiences, over all schools.' })
  async trackRecord(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerTrackRecord> {
    const [counts, experience] = await Promise.all([employerTrackRecords(loaders).load(employer.id), experienceSummaries(loaders).load(employer.id)]);
    return {
      completed: counts.completed,
      endedEarly: counts.endedEarly,
      paidJobsOffered: counts.outcomes >= SMALL_CELL ? counts.paidJobs : null,
      averageExperience: experience.overall,
      experiences: experience.count,
    };
  }
}
