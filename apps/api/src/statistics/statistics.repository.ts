import { Injectable } from '@nestjs/common';
import {
  AwardKind,
  Destination,
  EarlyEndReason,
  EmployerKind,
  InternshipStatus,
  LabourMarketRegion,
  OrganisationKind,
  PlacementType,
  Sector,
} from '@stagebank/domain';
import { TOOK_PLACE, unaccountedFor } from '@stagebank/persistence';
import { AreaRepository } from '../common/repository';
import { StatisticsGroupBy, StatisticsScopeKind } from './statistics.types';

/** One internship that started in the period, with what the figures need. */
export interface InternshipRow {
  status: InternshipStatus;
  /** Unaccounted for today (`unaccountedFor` in libs/persistence/src/schema/rules.ts). */
  unaccounted: boolean;
  month: string;
  sector: Sector;
  placement_type: PlacementType;
  employer_kind: EmployerKind;
  school_kind: OrganisationKind;
  first_choice: Sector | null;
  known_student: boolean;
  travel_km: number | null;
  destination: Destination | null;
  early_end_reason: EarlyEndReason | null;
  praktijkverklaringen: number;
  certificates: AwardKind[];
}

/** What a report covers: one's own organisation, a region or the whole network. */
export interface StatisticsScope {
  kind: StatisticsScopeKind;
  organisationId: string;
  region: LabourMarketRegion | null;
}

/** Seat-days of one group (by the names of `groupBy`), or of all when `one` is null (the rollup's total). */
export type SeatDaysRow = Record<string, string | null> & { one: number | null; value: number };

/** A student who left in the period, with every follow-up check-in. */
export interface LeaverRow {
  left_at: string;
  checks: Array<{ on: string; situation: Destination }>;
}

export interface EmployerTrackRow {
  employer_id: string;
  completed: number;
  endedEarly: number;
  outcomes: number;
  paidJobs: number;
}

/**
 * The statistics area's SQL (see ARCHITECTURE.md, "Where SQL lives"). It reads across
 * organisations: its callers run it past row-level security (`asSystem`) and let only counts out.
 */
@Injectable()
export class StatisticsRepository extends AreaRepository {
  /** Internships that started in the period and took place (placed students: TOOK_PLACE), one row each, judged "unaccounted for" on `today`. */
  startedInternships(scope: StatisticsScope, from: string, to: string, today: string): Promise<InternshipRow[]> {
    const [where, params] = scopeFilter(scope, 4);
    return this.manager.query(
      `SELECT i.status, ${unaccountedFor('i', '$3::date')} AS unaccounted, to_char(i.start_date, 'YYYY-MM') AS month,
              p.sector, p.type AS placement_type, e.kind AS employer_kind, o.kind AS school_kind,
              sp.sector_preferences[1] AS first_choice, sp.id IS NOT NULL AS known_student,
              ST_Distance(sp.home_location, s.location) / 1000 AS travel_km,
              io.destination, io.early_end_reason,
              (SELECT count(*) FROM praktijkverklaring pv WHERE pv.internship_id = i.id)::int AS praktijkverklaringen,
              (SELECT coalesce(json_agg(ca.kind), '[]'::json) FROM certificate_award ca WHERE ca.internship_id = i.id) AS certificates
         FROM internship i
         JOIN organisation o ON o.id = i.organisation_id
         JOIN placement p ON p.id = i.placement_id
         JOIN site s ON s.id = p.site_id
         JOIN employer e ON e.id = s.employer_id
         LEFT JOIN student_profile sp ON sp.id = i.student_id
         LEFT JOIN internship_outcome io ON io.internship_id = i.id
        WHERE i.start_date BETWEEN $1 AND $2 AND i.status IN ${TOOK_PLACE} AND ${where}`,
      [from, to, today, ...params],
    );
  }

  /**
   * Seat-days offered and taken in the period, by the groups (and month) with a rollup total,
   * each summed in its own pass (one over placements, one over internships). Taken means by a
   * placed student (TOOK_PLACE), not a seat held now (OCCUPYING): a proposal holds a seat but
   * nobody was placed on it yet, and a completed internship no longer holds one but did take it
   * for its period. The placements in scope: at sites in the region, all, or for one organisation
   * those where it placed a student in the period.
   */
  async seatDays(scope: StatisticsScope, from: string, to: string, groupBy: StatisticsGroupBy[]): Promise<{ offered: SeatDaysRow[]; taken: SeatDaysRow[] }> {
    const byMonth = groupBy.includes(StatisticsGroupBy.MONTH);
    const select: Record<string, string> = {
      SECTOR: 'p.sector',
      EMPLOYER_KIND: 'e.kind',
      PLACEMENT_TYPE: 'p.type',
      MONTH: `to_char(w.lo, 'YYYY-MM')`,
      SCHOOL_KIND: `'-'`,
    };
    const windows = byMonth
      ? `SELECT GREATEST($1::date, m::date) AS lo, LEAST($2::date, (m + interval '1 month' - interval '1 day')::date) AS hi
           FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') m`
      : `SELECT $1::date AS lo, $2::date AS hi`;
    const inScope =
      scope.kind === StatisticsScopeKind.ORGANISATION
        ? `p.id IN (SELECT placement_id FROM internship WHERE organisation_id = $3 AND start_date <= $2 AND end_date >= $1 AND status IN ${TOOK_PLACE})`
        : scope.kind === StatisticsScopeKind.REGION
          ? `s.region = $3`
          : `$3::text IS NULL`;
    const aggregate = (value: string, from_: string, where: string): Promise<SeatDaysRow[]> =>
      this.manager.query(
        `WITH w AS (${windows})
         SELECT ${groupBy
           .map((g) => `${select[g]} AS "${g}"`)
           .concat(['1 AS one'])
           .join(', ')}, sum(${value})::float8 AS value
           FROM ${from_} JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id CROSS JOIN w
          WHERE ${inScope} AND ${where}
          GROUP BY ROLLUP ((${groupBy
            .map((_, i) => String(i + 1))
            .concat([String(groupBy.length + 1)])
            .join(', ')}))`,
        [from, to, scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region],
      );
    const [offered, taken] = await Promise.all([
      aggregate(
        'p.seats * (LEAST(coalesce(p.available_until, w.hi), w.hi) - GREATEST(p.available_from, w.lo) + 1)',
        'placement p',
        'p.available_from <= w.hi AND (p.available_until IS NULL OR p.available_until >= w.lo)',
      ),
      aggregate(
        'LEAST(i.end_date, w.hi) - GREATEST(i.start_date, w.lo) + 1',
        'internship i JOIN placement p ON p.id = i.placement_id',
        `i.start_date <= w.hi AND i.end_date >= w.lo AND i.status IN ${TOOK_PLACE}`,
      ),
    ]);
    return { offered, taken };
  }

  /** Students of the scope who left in the period, each with their follow-up check-ins. */
  leaversWithCheckIns(scope: StatisticsScope, from: string, to: string): Promise<LeaverRow[]> {
    const where =
      scope.kind === StatisticsScopeKind.ORGANISATION
        ? `sp.organisation_id = $3`
        : scope.kind === StatisticsScopeKind.REGION
          ? `o.region = $3`
          : `$3::text IS NULL`;
    return this.manager.query(
      `SELECT sp.left_at::text AS left_at,
              coalesce((SELECT json_agg(json_build_object('on', f.checked_on, 'situation', f.situation)) FROM follow_up f WHERE f.student_id = sp.id), '[]'::json) AS checks
         FROM student_profile sp JOIN organisation o ON o.id = sp.organisation_id
        WHERE sp.left_at BETWEEN $1 AND $2 AND ${where}`,
      [from, to, scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region],
    );
  }

  /**
   * Approaches of employers that ended in the period, counted by outcome ('UNKNOWN' where the coach
   * gave none): the organisation's own, those of employers with a site in the region, or all.
   */
  approachOutcomes(scope: StatisticsScope, from: string, to: string): Promise<Array<{ label: string; count: number }>> {
    const where =
      scope.kind === StatisticsScopeKind.ORGANISATION
        ? `a.organisation_id = $3`
        : scope.kind === StatisticsScopeKind.REGION
          ? `EXISTS (SELECT 1 FROM site s WHERE s.employer_id = a.employer_id AND s.region = $3)`
          : `$3::text IS NULL`;
    return this.manager.query(
      `SELECT coalesce(a.outcome::text, 'UNKNOWN') AS label, count(*)::int AS count
         FROM employer_approach a
        WHERE a.ended_at IS NOT NULL AND (a.ended_at AT TIME ZONE 'UTC')::date BETWEEN $1 AND $2 AND ${where}
        GROUP BY 1`,
      [from, to, scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region],
    );
  }

  /** Completed and early-ended internships, outcomes and paid jobs at the employer, per employer with any internship. */
  employerTrackCounts(employerIds: readonly string[]): Promise<EmployerTrackRow[]> {
    return this.manager.query(
      `SELECT s.employer_id, count(*) FILTER (WHERE i.status = $2)::int AS completed, count(*) FILTER (WHERE i.status = $3)::int AS "endedEarly",
              count(io.internship_id)::int AS outcomes, count(*) FILTER (WHERE io.destination = $4)::int AS "paidJobs"
         FROM internship i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id
         LEFT JOIN internship_outcome io ON io.internship_id = i.id
        WHERE s.employer_id = ANY($1)
        GROUP BY s.employer_id`,
      [[...employerIds], InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY, Destination.PAID_JOB_AT_EMPLOYER],
    );
  }
}

function scopeFilter(scope: StatisticsScope, firstParam: number): [string, unknown[]] {
  if (scope.kind === StatisticsScopeKind.ORGANISATION) return [`i.organisation_id = $${firstParam}`, [scope.organisationId]];
  if (scope.kind === StatisticsScopeKind.REGION) return [`s.region = $${firstParam}`, [scope.region]];
  return ['true', []];
}
