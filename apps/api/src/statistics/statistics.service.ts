import DataLoader from 'dataloader';
import type { Loaders } from '../graphql/loaders';
import { Injectable } from '@nestjs/common';
import {
  AwardKind,
  Destination,
  EarlyEndReason,
  EmployerKind,
  InternshipStatus,
  LabourMarketRegion,
  OrganisationKind,
  PAID_JOB,
  PlacementType,
  SMALL_CELL,
  Sector,
  addDays,
  addMonths,
  todayIso,
} from '@stagebank/domain';
import { DataSource } from 'typeorm';
import { asSystem } from '../auth/request-context';
import { Viewer } from '../auth/viewer';
import { StagebankError } from '../common/stagebank.error';
import {
  FollowUpFigure,
  LabelledCount,
  PlacementStatistics,
  PlacementStatisticsArgs,
  StatisticsGroupBy,
  StatisticsGroupKey,
  StatisticsRow,
  StatisticsScopeKind,
} from './statistics.types';

const FOLLOW_UP_AT = [6, 12, 24];
/** A check-in counts for the N-month mark when it is this close to it. */
const FOLLOW_UP_WINDOW_MONTHS = 3;
const MAX_PERIOD_DAYS = 5 * 366;
const STILL_RUNNING: string[] = [InternshipStatus.AGREED, InternshipStatus.ACTIVE, InternshipStatus.PAUSED];

interface InternshipRow {
  status: InternshipStatus;
  end_date: string;
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

interface Scope {
  kind: StatisticsScopeKind;
  organisationId: string;
  region: LabourMarketRegion | null;
}

const COLUMN: Record<StatisticsGroupBy, keyof InternshipRow> = {
  SECTOR: 'sector',
  EMPLOYER_KIND: 'employer_kind',
  PLACEMENT_TYPE: 'placement_type',
  SCHOOL_KIND: 'school_kind',
  MONTH: 'month',
};

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const countBy = <T extends string>(labels: T[], all: readonly T[]): LabelledCount[] =>
  all.map((label) => ({ label, count: labels.filter((l) => l === label).length })).filter((c) => c.count > 0);

/**
 * Placement statistics: what internships that started in a period led to, for one's own
 * organisation, a region or the whole network, grouped as asked. Beyond one's own organisation the
 * figures are counts only, and a count of 1–4 students is withheld, together with one more cell
 * of its column where it could otherwise be worked out from the others.
 */
@Injectable()
export class StatisticsService {
  constructor(private readonly db: DataSource) {}

  async placementStatistics(viewer: Viewer, args: PlacementStatisticsArgs): Promise<PlacementStatistics> {
    const { scope: scopeInput, period, groupBy } = args;
    if (period.to < period.from) throw StagebankError.badInput('period.to', 'must be on or after period.from');
    if (period.to > addDays(period.from, MAX_PERIOD_DAYS)) throw StagebankError.badInput('period.to', 'a period is at most 5 years');
    if (scopeInput.kind === StatisticsScopeKind.REGION && !scopeInput.region)
      throw StagebankError.badInput('scope.region', 'give the region for a REGION scope');
    if (scopeInput.kind !== StatisticsScopeKind.REGION && scopeInput.region) throw StagebankError.badInput('scope.region', 'only for a REGION scope');
    const scope: Scope = { kind: scopeInput.kind, organisationId: viewer.organisationId, region: scopeInput.region ?? null };

    // Across organisations, read past row-level security: only counts leave this method.
    const [internships, occupancy, followUp] = await asSystem(() =>
      Promise.all([
        this.internships(scope, period.from, period.to),
        this.occupancy(scope, period.from, period.to, groupBy),
        this.followUp(scope, period.from, period.to),
      ]),
    );

    const groups = new Map<string, InternshipRow[]>();
    const keyOf = (row: InternshipRow) => groupBy.map((g) => String(row[COLUMN[g]])).join('|');
    for (const row of internships) {
      const key = keyOf(row);
      const members = groups.get(key);
      if (members) members.push(row);
      else groups.set(key, [row]);
    }
    for (const key of occupancy.keys()) if (key !== '__total' && !groups.has(key) && groupBy.length > 0) groups.set(key, []);

    const rows = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, members]) =>
        this.figures(groupKey(groupBy, key), members, groupBy.includes(StatisticsGroupBy.SCHOOL_KIND) ? null : (occupancy.get(key) ?? null)),
      );
    const totals = this.figures(groupKey([], ''), internships, occupancy.get('__total') ?? null);

    const suppress = scope.kind !== StatisticsScopeKind.ORGANISATION;
    if (suppress) {
      for (const row of [...rows, totals]) suppressRow(row);
      suppressComplements(rows);
    }
    return {
      scope: scope.kind,
      region: scope.region,
      from: period.from,
      to: period.to,
      groupBy,
      rows,
      totals,
      followUp: suppress ? followUp.map(suppressFollowUp) : followUp,
      suppressionThreshold: SMALL_CELL,
    };
  }

  private figures(group: StatisticsGroupKey, rows: InternshipRow[], occupancyRate: number | null): StatisticsRow {
    const today = todayIso();
    const ended = rows.filter((r) => r.status === InternshipStatus.COMPLETED || r.status === InternshipStatus.ENDED_EARLY);
    const early = rows.filter((r) => r.status === InternshipStatus.ENDED_EARLY);
    const known = rows.filter((r) => r.known_student);
    const withChoice = known.filter((r) => r.first_choice !== null);
    return {
      group,
      started: rows.length,
      completed: rows.filter((r) => r.status === InternshipStatus.COMPLETED).length,
      endedEarly: early.length,
      endedEarlyReasons: countBy(
        early.map((r) => r.early_end_reason ?? 'UNKNOWN'),
        [...Object.values(EarlyEndReason), 'UNKNOWN'],
      ),
      stillGoing: rows.filter((r) => STILL_RUNNING.includes(r.status) && r.end_date >= today).length,
      unaccounted: rows.filter((r) => STILL_RUNNING.includes(r.status) && r.end_date < today).length,
      occupancyRate,
      firstChoiceSectorHonouredRate: withChoice.length ? round(withChoice.filter((r) => r.first_choice === r.sector).length / withChoice.length) : null,
      medianTravelKm: (() => {
        const m = median(known.map((r) => Number(r.travel_km)));
        return m === null ? null : round(m, 1);
      })(),
      praktijkverklaringen: rows.reduce((sum, r) => sum + r.praktijkverklaringen, 0),
      certified: rows.filter((r) => r.praktijkverklaringen > 0).length,
      certificates: countBy(
        rows.flatMap((r) => r.certificates),
        Object.values(AwardKind),
      ),
      destinations: countBy(
        ended.map((r) => r.destination ?? Destination.UNKNOWN),
        Object.values(Destination),
      ),
      suppressed: [],
    };
  }

  /** Internships that started in the period (not proposed or cancelled), one row each, with what the figures need. */
  private internships(scope: Scope, from: string, to: string): Promise<InternshipRow[]> {
    const [where, params] = scopeFilter(scope, 6);
    return this.db.query(
      `SELECT i.status, i.end_date::text AS end_date, to_char(i.start_date, 'YYYY-MM') AS month,
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
        WHERE i.start_date BETWEEN $1 AND $2 AND i.status NOT IN ($3, $4, $5) AND ${where}`,
      [from, to, InternshipStatus.PROPOSED, InternshipStatus.CANCELLED, InternshipStatus.EXPIRED, ...params],
    );
  }

  /**
   * Seat-days taken ÷ seat-days offered in the period, by the placement-side groups (and month);
   * keyed like the rows, plus '__total'. The placements in scope: at sites in the region, all, or
   * for one organisation those where it had an internship in the period.
   */
  private async occupancy(scope: Scope, from: string, to: string, groupBy: StatisticsGroupBy[]): Promise<Map<string, number | null>> {
    const byMonth = groupBy.includes(StatisticsGroupBy.MONTH);
    const keys = groupBy.filter((g) => g !== StatisticsGroupBy.SCHOOL_KIND);
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
        ? `p.id IN (SELECT placement_id FROM internship WHERE organisation_id = $3 AND start_date <= $2 AND end_date >= $1 AND status NOT IN ('PROPOSED', 'CANCELLED', 'EXPIRED'))`
        : scope.kind === StatisticsScopeKind.REGION
          ? `s.region = $3`
          : `$3::text IS NULL`;
    // Offered and taken are summed separately (one pass over placements, one over internships), each with the grand total.
    const aggregate = (value: string, from_: string, where: string): Promise<Array<Record<string, string | null> & { one: number | null; value: number }>> =>
      this.db.query(
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
        `i.start_date <= w.hi AND i.end_date >= w.lo AND i.status NOT IN ('PROPOSED', 'CANCELLED', 'EXPIRED')`,
      ),
    ]);
    const keyOf = (r: Record<string, string | null> & { one: number | null }) => (r.one === null ? '__total' : groupBy.map((g) => String(r[g])).join('|'));
    const takenBy = new Map(taken.map((r) => [keyOf(r), r.value]));
    const rows = offered.map((r) => ({ key: keyOf(r), offered: r.value, taken: takenBy.get(keyOf(r)) ?? 0 }));
    const rate = (r: { offered: number; taken: number }) => (r.offered > 0 ? round(Math.min(1, r.taken / r.offered)) : null);
    const result = new Map<string, number | null>();
    for (const r of rows) if (r.key === '__total' || keys.length === groupBy.length) result.set(r.key, rate(r));
    return result;
  }

  /** Students who left in the period: paid work at 6, 12 and 24 months, by the check-in nearest each mark. */
  private async followUp(scope: Scope, from: string, to: string): Promise<FollowUpFigure[]> {
    const where =
      scope.kind === StatisticsScopeKind.ORGANISATION
        ? `sp.organisation_id = $3`
        : scope.kind === StatisticsScopeKind.REGION
          ? `o.region = $3`
          : `$3::text IS NULL`;
    const students: Array<{ left_at: string; checks: Array<{ on: string; situation: Destination }> }> = await this.db.query(
      `SELECT sp.left_at::text AS left_at,
              coalesce((SELECT json_agg(json_build_object('on', f.checked_on, 'situation', f.situation)) FROM follow_up f WHERE f.student_id = sp.id), '[]'::json) AS checks
         FROM student_profile sp JOIN organisation o ON o.id = sp.organisation_id
        WHERE sp.left_at BETWEEN $1 AND $2 AND ${where}`,
      [from, to, scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region],
    );
    const today = todayIso();
    return FOLLOW_UP_AT.map((months) => {
      const due = students.filter((s) => addMonths(s.left_at, months) <= today);
      const situations = due.map((s) => {
        const mark = addMonths(s.left_at, months);
        const [lo, hi] = [addMonths(mark, -FOLLOW_UP_WINDOW_MONTHS), addMonths(mark, FOLLOW_UP_WINDOW_MONTHS)];
        const distance = (day: string) => Math.abs(Date.parse(day) - Date.parse(mark));
        const near = s.checks.filter((c) => c.on >= lo && c.on <= hi).sort((a, b) => distance(a.on) - distance(b.on) || b.on.localeCompare(a.on));
        return near[0]?.situation ?? Destination.UNKNOWN;
      });
      const unknown = situations.filter((s) => s === Destination.UNKNOWN).length;
      const paidJob = situations.filter((s) => PAID_JOB.includes(s)).length;
      const knownCount = due.length - unknown;
      return { months, students: due.length, paidJob, unknown, paidJobRate: knownCount > 0 ? round(paidJob / knownCount) : null };
    });
  }
}

export interface EmployerTrackCounts {
  completed: number;
  endedEarly: number;
  /** Outcomes recorded, and of those a paid job at this employer: shown only from SMALL_CELL outcomes on. */
  outcomes: number;
  paidJobs: number;
}

/**
 * Completed and early-ended internships and paid jobs at each employer, over every school's
 * internships, for a batch of employers in one query. Read past row-level security: only counts
 * leave here (an internship's status is shared occupancy anyway).
 */
export async function employerTrackCounts(db: DataSource, employerIds: readonly string[]): Promise<EmployerTrackCounts[]> {
  const rows: Array<{ employer_id: string } & EmployerTrackCounts> = await asSystem(() =>
    db.query(
      `SELECT s.employer_id, count(*) FILTER (WHERE i.status = $2)::int AS completed, count(*) FILTER (WHERE i.status = $3)::int AS "endedEarly",
              count(io.internship_id)::int AS outcomes, count(*) FILTER (WHERE io.destination = $4)::int AS "paidJobs"
         FROM internship i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id
         LEFT JOIN internship_outcome io ON io.internship_id = i.id
        WHERE s.employer_id = ANY($1)
        GROUP BY s.employer_id`,
      [[...employerIds], InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY, Destination.PAID_JOB_AT_EMPLOYER],
    ),
  );
  const byEmployer = new Map(rows.map((r) => [r.employer_id, r]));
  return employerIds.map((id) => {
    const r = byEmployer.get(id);
    return { completed: r?.completed ?? 0, endedEarly: r?.endedEarly ?? 0, outcomes: r?.outcomes ?? 0, paidJobs: r?.paidJobs ?? 0 };
  });
}

/** Per request, the track counts of employers, batched. */
export const employerTrackRecords = (loaders: Loaders): DataLoader<string, EmployerTrackCounts> =>
  loaders.own(employerTrackRecords, (db) => new DataLoader((employerIds: readonly string[]) => employerTrackCounts(db, employerIds)));

function scopeFilter(scope: Scope, firstParam: number): [string, unknown[]] {
  if (scope.kind === StatisticsScopeKind.ORGANISATION) return [`i.organisation_id = $${firstParam}`, [scope.organisationId]];
  if (scope.kind === StatisticsScopeKind.REGION) return [`s.region = $${firstParam}`, [scope.region]];
  return ['true', []];
}

function groupKey(groupBy: StatisticsGroupBy[], key: string): StatisticsGroupKey {
  const values = key.split('|');
  const of = (g: StatisticsGroupBy) => (groupBy.includes(g) ? values[groupBy.indexOf(g)] : null);
  return {
    sector: of(StatisticsGroupBy.SECTOR) as Sector | null,
    employerKind: of(StatisticsGroupBy.EMPLOYER_KIND) as EmployerKind | null,
    placementType: of(StatisticsGroupBy.PLACEMENT_TYPE) as PlacementType | null,
    schoolKind: of(StatisticsGroupBy.SCHOOL_KIND) as OrganisationKind | null,
    month: of(StatisticsGroupBy.MONTH),
  };
}

const COUNTS = ['started', 'completed', 'endedEarly', 'stillGoing', 'unaccounted', 'praktijkverklaringen', 'certified'] as const;
const LISTS = ['endedEarlyReasons', 'certificates', 'destinations'] as const;
const small = (n: number | null) => n !== null && n > 0 && n < SMALL_CELL;

/** Withholds counts of 1–4 students, and rates and medians about fewer than 5 (seat occupancy is about seats, not students). */
function suppressRow(row: StatisticsRow): void {
  if ((row.started ?? 0) < SMALL_CELL) {
    for (const field of ['firstChoiceSectorHonouredRate', 'medianTravelKm'] as const) {
      if (row[field] !== null) {
        row[field] = null;
        row.suppressed.push(field);
      }
    }
  }
  for (const field of COUNTS) {
    if (small(row[field])) {
      row[field] = null;
      row.suppressed.push(field);
    }
  }
  for (const field of LISTS) {
    const cells = row[field];
    for (const cell of cells) {
      if (!small(cell.count)) continue;
      cell.count = null;
      row.suppressed.push(`${field}.${cell.label}`);
    }
    // A single withheld cell could be worked out from the row's other cells and its total: withhold the next smallest too.
    if (cells.filter((c) => c.count === null).length === 1) {
      const next = cells.filter((c) => c.count !== null).sort((a, b) => a.count! - b.count!)[0];
      if (next) {
        next.count = null;
        row.suppressed.push(`${field}.${next.label}`);
      }
    }
  }
}

/** Across rows: a column with one withheld count could be worked out from the totals, so the next smallest goes too. */
function suppressComplements(rows: StatisticsRow[]): void {
  for (const field of COUNTS) {
    if (rows.filter((r) => r.suppressed.includes(field)).length !== 1) continue;
    const next = rows.filter((r) => r[field] !== null && r[field]! > 0).sort((a, b) => a[field]! - b[field]!)[0];
    if (next) {
      next[field] = null;
      next.suppressed.push(field);
    }
  }
}

function suppressFollowUp(figure: FollowUpFigure): FollowUpFigure {
  const hide = (n: number | null) => (small(n) ? null : n);
  const students = figure.students ?? 0;
  return {
    ...figure,
    students: hide(figure.students),
    paidJob: hide(figure.paidJob),
    unknown: hide(figure.unknown),
    paidJobRate: students < SMALL_CELL ? null : figure.paidJobRate,
  };
}
