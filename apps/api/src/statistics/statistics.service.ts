import DataLoader from 'dataloader';
import type { Loaders } from '../graphql/loaders';
import { Injectable } from '@nestjs/common';
import {
  ApproachOutcome,
  Destination,
  EmployerKind,
  OrganisationKind,
  PAID_JOB,
  PlacementType,
  SMALL_CELL,
  Sector,
  addDays,
  addMonths,
  todayIso,
} from '@stagebank/domain';
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
import { FIGURE_LISTS, FigureRow, StatisticsRepository, StatisticsScope as Scope } from './statistics.repository';
import { StatisticsFigures } from './statistics-figures';
import { StatisticsTables } from './statistics-tables';

const FOLLOW_UP_AT = [6, 12, 24];
/** A check-in counts for the N-month mark when it is this close to it. */
const FOLLOW_UP_WINDOW_MONTHS = 3;
const MAX_PERIOD_DAYS = 5 * 366;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Placement statistics: what internships that started in a period led to, for one's own
 * organisation, a region or the whole network, grouped as asked. Beyond one's own organisation the
 * figures are counts only, and a count of 1–4 students is withheld, together with one more cell
 * of its column where it could otherwise be worked out from the others.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repository: StatisticsRepository,
    private readonly tables: StatisticsTables,
    private readonly figures: StatisticsFigures,
  ) {}

  async placementStatistics(viewer: Viewer, args: PlacementStatisticsArgs): Promise<PlacementStatistics> {
    const { scope: scopeInput, period, groupBy } = args;
    if (period.to < period.from) throw StagebankError.badInput('period.to', 'must be on or after period.from');
    if (period.to > addDays(period.from, MAX_PERIOD_DAYS)) throw StagebankError.badInput('period.to', 'a period is at most 5 years');
    if (scopeInput.kind === StatisticsScopeKind.REGION && !scopeInput.region)
      throw StagebankError.badInput('scope.region', 'give the region for a REGION scope');
    if (scopeInput.kind !== StatisticsScopeKind.REGION && scopeInput.region) throw StagebankError.badInput('scope.region', 'only for a REGION scope');
    const scope: Scope = { kind: scopeInput.kind, organisationId: viewer.organisationId, region: scopeInput.region ?? null };

    // The tables follow the change stream: first the changes committed so far, the caller's own write among them.
    await this.tables.catchUp();
    // Across organisations, read past row-level security: only counts leave this method.
    const [figures, occupancy, followUp] = await asSystem(() =>
      Promise.all([
        this.figures.figures(scope, period.from, period.to, todayIso(), groupBy),
        this.occupancy(scope, period.from, period.to, groupBy),
        this.followUp(scope, period.from, period.to),
      ]),
    );

    const keyOf = (row: FigureRow) => groupBy.map((g) => String(row[g])).join('|');
    const groups = new Map<string, FigureRow | null>(figures.filter((f) => f.grouped).map((f) => [keyOf(f), f]));
    for (const key of occupancy.keys()) if (key !== '__total' && !groups.has(key) && groupBy.length > 0) groups.set(key, null);

    const rows = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => this.row(groupKey(groupBy, key), group, groupBy.includes(StatisticsGroupBy.SCHOOL_KIND) ? null : (occupancy.get(key) ?? null)));
    const totals = this.row(groupKey([], ''), figures.find((f) => !f.grouped) ?? null, occupancy.get('__total') ?? null);

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

  /** Ended approaches in the report's period and scope, by outcome in the enum's order, UNKNOWN last; outcomes never given left out. */
  async approachOutcomes(viewer: Viewer, report: Pick<PlacementStatistics, 'scope' | 'region' | 'from' | 'to'>): Promise<LabelledCount[]> {
    const scope: Scope = { kind: report.scope, organisationId: viewer.organisationId, region: report.region };
    // Approaches are shared with the whole network; only counts leave here.
    const rows = await asSystem(() => this.repository.approachOutcomes(scope, report.from, report.to));
    const counts = new Map(rows.map((r) => [r.label, r.count]));
    return [...Object.values(ApproachOutcome), 'UNKNOWN'].filter((label) => counts.has(label)).map((label) => ({ label, count: counts.get(label)! }));
  }

  /** A report's row from its group's summed figures (none: a group that offered seats but started no internship). */
  private row(group: StatisticsGroupKey, figures: FigureRow | null, occupancyRate: number | null): StatisticsRow {
    const count = (name: string) => Number(figures?.[name] ?? 0);
    const list = (name: keyof typeof FIGURE_LISTS): LabelledCount[] =>
      FIGURE_LISTS[name].map((label) => ({ label, count: count(`${name}:${label}`) })).filter((c) => c.count > 0);
    const [started, completed, endedEarly, unaccounted] = [count('started'), count('completed'), count('ended_early'), count('unaccounted')];
    const withChoice = count('with_choice');
    const median = figures?.median_travel_km ?? null;
    // Completed, ended early, still going and unaccounted for split the started ones: an internship
    // unaccounted for (the school's list, whatever its status says) counts there and only there.
    return {
      group,
      started,
      completed,
      endedEarly,
      endedEarlyReasons: list('endedEarlyReasons'),
      stillGoing: started - unaccounted - completed - endedEarly,
      unaccounted,
      occupancyRate,
      firstChoiceSectorHonouredRate: withChoice ? round(count('honoured') / withChoice) : null,
      medianTravelKm: median === null ? null : round(Number(median), 1),
      praktijkverklaringen: count('praktijkverklaringen'),
      certified: count('certified'),
      certificates: list('certificates'),
      destinations: list('destinations'),
      suppressed: [],
    };
  }

  /**
   * Seat-days taken ÷ seat-days offered in the period, by the placement-side groups (and month);
   * keyed like the rows, plus '__total'.
   */
  private async occupancy(scope: Scope, from: string, to: string, groupBy: StatisticsGroupBy[]): Promise<Map<string, number | null>> {
    const keys = groupBy.filter((g) => g !== StatisticsGroupBy.SCHOOL_KIND);
    const seatDays = await this.repository.seatDays(scope, from, to, groupBy);
    const result = new Map<string, number | null>();
    for (const r of seatDays) {
      const key = r.one === null ? '__total' : groupBy.map((g) => String(r[g])).join('|');
      const offered = r.offered ?? 0;
      // A group whose seats offered in the period come to none offered nothing: no row for it.
      if (key !== '__total' && (offered <= 0 || keys.length !== groupBy.length)) continue;
      result.set(key, offered > 0 ? round(Math.min(1, (r.taken ?? 0) / offered)) : null);
    }
    return result;
  }

  /** Students who left in the period: paid work at 6, 12 and 24 months, by the check-in nearest each mark. */
  private async followUp(scope: Scope, from: string, to: string): Promise<FollowUpFigure[]> {
    const students = await this.repository.leaversWithCheckIns(scope, from, to);
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
export async function employerTrackCounts(repository: StatisticsRepository, employerIds: readonly string[]): Promise<EmployerTrackCounts[]> {
  const rows = await asSystem(() => repository.employerTrackCounts(employerIds));
  const byEmployer = new Map(rows.map((r) => [r.employer_id, r]));
  return employerIds.map((id) => {
    const r = byEmployer.get(id);
    return { completed: r?.completed ?? 0, endedEarly: r?.endedEarly ?? 0, outcomes: r?.outcomes ?? 0, paidJobs: r?.paidJobs ?? 0 };
  });
}

/** Per request, the track counts of employers, batched. */
export const employerTrackRecords = (loaders: Loaders): DataLoader<string, EmployerTrackCounts> =>
  loaders.own(employerTrackRecords, (base) => {
    const repository = base.alongside(StatisticsRepository);
    return new DataLoader((employerIds: readonly string[]) => employerTrackCounts(repository, employerIds));
  });

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
