import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InternshipStatus, SMALL_CELL } from '@stagebank/domain';
import { DataSource } from 'typeorm';
import { asSystem } from '../auth/request-context';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { Loaders } from '../common/loaders';
import { Employer } from '../employers/employer.types';
import { writeCsv } from '../transfer/csv';
import { StatisticsService } from './statistics.service';
import { EmployerTrackRecord, PlacementStatistics, PlacementStatisticsArgs, StatisticsRow } from './statistics.types';

/** Every figure of a report as CSV: one line per row and the totals, lists spread over columns. */
function statisticsCsv(report: PlacementStatistics): string {
  const rows = [...report.rows, report.totals];
  const labels = (field: 'endedEarlyReasons' | 'certificates' | 'destinations') => [...new Set(rows.flatMap((r) => r[field].map((c) => c.label)))].sort();
  const lists = { endedEarlyReasons: labels('endedEarlyReasons'), certificates: labels('certificates'), destinations: labels('destinations') };
  const scalar = ['started', 'completed', 'endedEarly', 'stillGoing', 'unaccounted', 'occupancyRate', 'firstChoiceSectorHonouredRate', 'medianTravelKm', 'praktijkverklaringen', 'certified'] as const;
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

@Resolver()
export class StatisticsResolver {
  constructor(private readonly statistics: StatisticsService) {}

  @Query(() => PlacementStatistics, {
    description: 'What internships that started in a period led to, for your organisation, a region or the network, grouped as asked. Beyond your organisation: counts only, with small cells withheld.',
  })
  placementStatistics(@CurrentViewer() viewer: Viewer, @Args() args: PlacementStatisticsArgs): Promise<PlacementStatistics> {
    return this.statistics.placementStatistics(viewer, args);
  }

  @Query(() => String, { description: 'The same report as CSV (UTF-8 with BOM, `;`).' })
  async placementStatisticsCsv(@CurrentViewer() viewer: Viewer, @Args() args: PlacementStatisticsArgs): Promise<string> {
    return statisticsCsv(await this.statistics.placementStatistics(viewer, args));
  }
}

@Resolver(() => Employer)
export class EmployerTrackRecordResolver {
  constructor(private readonly db: DataSource) {}

  @ResolveField(() => EmployerTrackRecord, { description: 'Completed and early-ended internships, paid jobs offered, and experiences, over all schools.' })
  async trackRecord(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerTrackRecord> {
    // Counts over every school's internships (their statuses are shared occupancy anyway); outcomes only as a withheld-if-small count.
    const [row] = await asSystem(() =>
      this.db.query(
        `SELECT count(*) FILTER (WHERE i.status = $2)::int AS completed, count(*) FILTER (WHERE i.status = $3)::int AS ended_early,
                count(io.internship_id)::int AS outcomes, count(*) FILTER (WHERE io.destination = 'PAID_JOB_AT_EMPLOYER')::int AS paid_jobs
           FROM internship i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id
           LEFT JOIN internship_outcome io ON io.internship_id = i.id
          WHERE s.employer_id = $1`,
        [employer.id, InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY],
      ),
    );
    const experience = await loaders.experienceSummary.load(employer.id);
    return {
      completed: row.completed,
      endedEarly: row.ended_early,
      paidJobsOffered: row.outcomes >= SMALL_CELL ? row.paid_jobs : null,
      averageExperience: experience.overall,
      experiences: experience.count,
    };
  }
}
