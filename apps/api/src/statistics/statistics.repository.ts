import { Injectable } from '@nestjs/common';
import { AwardKind, Destination, EarlyEndReason, InternshipStatus, LabourMarketRegion } from '@stagebank/domain';
import { TOOK_PLACE, unaccountedFor } from '@stagebank/persistence';
import { UNSEEN } from '../changes/change-stream';
import { AreaRepository } from '../common/repository';
import { StatisticsGroupBy, StatisticsScopeKind } from './statistics.types';

/**
 * The figures of one group of internships that started in the period and took place, summed in SQL
 * (or of all of them when `grouped` is false: the totals). Group columns are named as in
 * StatisticsGroupBy; lists are one count per label, `<list>:<label>`.
 */
export type FigureRow = Record<string, string | number | boolean | null> & {
  grouped: boolean;
  started: number;
  completed: number;
  ended_early: number;
  unaccounted: number;
  with_choice: number;
  honoured: number;
  median_travel_km: number | null;
  praktijkverklaringen: number;
  certified: number;
};

/** The labelled counts each figure row carries, in the order a report lists them. */
export const FIGURE_LISTS = {
  endedEarlyReasons: [...Object.values(EarlyEndReason), 'UNKNOWN'],
  certificates: Object.values(AwardKind),
  destinations: Object.values(Destination),
} as const;

/** Days from `from` to `to`, both included (ISO dates). */
export interface DateRange {
  from: string;
  to: string;
}

/** What a report covers: one's own organisation, a region or the whole network. */
export interface StatisticsScope {
  kind: StatisticsScopeKind;
  organisationId: string;
  region: LabourMarketRegion | null;
}

/** Seat-days offered and taken by one group (by the names of `groupBy`), or by all when `one` is null (the rollup's total). */
export type SeatDaysRow = Record<string, string | null> & { one: number | null; offered: number | null; taken: number | null };

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

/** Placement statistics' own tables (migration StatisticsTables1795656000000; statistics-tables.ts keeps them). */
export const STATISTICS_INTERNSHIP = 'statistics_internship';
const STATISTICS_PLACEMENT = 'statistics_placement';
const STATISTICS_SEAT_CHANGE = 'statistics_seat_change';
const STATISTICS_MONTH_STAMP = 'statistics_month_stamp';

/**
 * An internship row's start month and what it says of the internship, as written or removed (alias
 * `f`): all of it but its placement's offer, which no figure of the month reads (seat-days are
 * not kept by month), so a placement's new seats move no stamp.
 */
const FACTS_OF_MONTH = `to_char(f.start_date, 'YYYY-MM-01') AS month, md5((to_jsonb(f) - '{seats,available_from,available_until}'::text[])::text) AS facts`;
interface FactsOfMonth {
  month: string;
  facts: string;
}

/** The months whose rows differ between what was removed and what was written in their place. */
function monthsChanged(gone: FactsOfMonth[], made: FactsOfMonth[]): string[] {
  const count = new Map<string, number>();
  for (const [rows, sign] of [
    [gone, -1],
    [made, 1],
  ] as const)
    for (const row of rows) count.set(`${row.month}|${row.facts}`, (count.get(`${row.month}|${row.facts}`) ?? 0) + sign);
  return [...new Set([...count].filter(([, n]) => n !== 0).map(([key]) => key.split('|')[0]))].sort();
}

/** The tables whose changes statistics_internship and statistics_placement are made of (CHANGE_FEEDS). */
export const STATISTICS_FEEDS = [
  'employer',
  'site',
  'placement',
  'internship',
  'internship_outcome',
  'student_profile',
  'praktijkverklaring',
  'certificate_award',
];

/**
 * What a report needs of each internship (columns of statistics_internship, in order), and its
 * placement's offer as statistics_placement has it: one organisation's seat-days are summed from
 * its own internships' rows (`seatDays`).
 */
export const INTERNSHIP_FACTS = `
  SELECT i.id, i.organisation_id, i.placement_id, i.status, i.start_date, i.end_date, io.internship_id IS NOT NULL AS outcome_recorded,
         p.sector, p.type AS placement_type, e.kind AS employer_kind, s.region, sp.sector_preferences[1] AS first_choice,
         sp.id IS NOT NULL AS known_student, ST_Distance(sp.home_location, s.location) / 1000 AS travel_km,
         io.destination, io.early_end_reason,
         (SELECT count(*) FROM praktijkverklaring pv WHERE pv.internship_id = i.id)::int AS praktijkverklaringen,
         ARRAY(SELECT ca.kind FROM certificate_award ca WHERE ca.internship_id = i.id ORDER BY ca.kind) AS certificates,
         p.seats, p.available_from, p.available_until
    FROM internship i
    JOIN placement p ON p.id = i.placement_id
    JOIN site s ON s.id = p.site_id
    JOIN employer e ON e.id = s.employer_id
    LEFT JOIN student_profile sp ON sp.id = i.student_id
    LEFT JOIN internship_outcome io ON io.internship_id = i.id`;

/** What each placement offers, and its groups (columns of statistics_placement, in order). */
export const PLACEMENT_FACTS = `
  SELECT p.id, p.seats, p.available_from, p.available_until, p.sector, p.type AS placement_type, e.kind AS employer_kind, coalesce(s.region, '') AS region
    FROM placement p JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id`;

/**
 * Changes in seats (rows of SEAT_KEY, offered, taken): of statistics_placement's rows `where`, the
 * seats each offers from its first day, none from the day after its last; of statistics_internship's
 * rows `where` that took place, a seat taken from its first day, given back the day after its last.
 */
const offerChangesOf = (where: string) => `
  SELECT sector, placement_type, employer_kind, region, v.day, v.offered, 0::bigint AS taken
    FROM ${STATISTICS_PLACEMENT} CROSS JOIN LATERAL (VALUES (available_from, seats::bigint), (available_until + 1, -seats::bigint)) v(day, offered)
   WHERE ${where} AND v.day IS NOT NULL`;
const takeChangesOf = (where: string) => `
  SELECT sector, placement_type, employer_kind, coalesce(region, '') AS region, v.day, 0::bigint AS offered, v.taken
    FROM ${STATISTICS_INTERNSHIP} CROSS JOIN LATERAL (VALUES (start_date, 1::bigint), (end_date + 1, -1::bigint)) v(day, taken)
   WHERE ${where} AND status IN ${TOOK_PLACE}`;

const SEAT_KEY = 'sector, placement_type, employer_kind, region, day';

/**
 * The placements and internships whose statistics rows a range of changes touches (parameters: the
 * consumer's checkpoint and STATISTICS_FEEDS): a site's or employer's change touches its
 * placements, a placement's change its internships (their groups are the placement's), a
 * student's change the student's internships.
 */
const TOUCHED = `
  WITH c AS (SELECT c.entity, c.entity_id, v.row FROM change_log c CROSS JOIN LATERAL (VALUES (c.old), (c.new)) v(row)
              WHERE ${UNSEEN('$1')} AND c.entity = ANY($2)),
  placements AS (
    SELECT entity_id AS id FROM c WHERE entity = 'placement'
    UNION SELECT p.id FROM c JOIN placement p ON p.site_id = c.entity_id WHERE c.entity = 'site'
    UNION SELECT p.id FROM c JOIN site s ON s.employer_id = c.entity_id JOIN placement p ON p.site_id = s.id WHERE c.entity = 'employer'),
  internships AS (
    SELECT entity_id AS id FROM c WHERE entity IN ('internship', 'internship_outcome')
    UNION SELECT (row->>'internship_id')::uuid FROM c WHERE entity IN ('praktijkverklaring', 'certificate_award') AND row ? 'internship_id'
    UNION SELECT i.id FROM c JOIN internship i ON i.student_id = c.entity_id WHERE c.entity = 'student_profile'
    UNION SELECT i.id FROM placements t JOIN internship i ON i.placement_id = t.id)
  SELECT coalesce((SELECT array_agg(id::text) FROM placements WHERE id IS NOT NULL), '{}') AS placements,
         coalesce((SELECT array_agg(id::text) FROM internships WHERE id IS NOT NULL), '{}') AS internships`;

/**
 * The statistics area's SQL (see ARCHITECTURE.md, "Where SQL lives"). It reads across
 * organisations: its callers run it past row-level security (`asSystem`) and let only counts out.
 */
@Injectable()
export class StatisticsRepository extends AreaRepository {
  /** Writes again the rows of the placements and internships changed since the snapshot `since` (as TOUCHED says). */
  async applyChanges(since: string): Promise<void> {
    const [{ placements, internships }] = await this.manager.query(TOUCHED, [since, STATISTICS_FEEDS]);
    if (placements.length) await this.writePlacements(placements);
    if (internships.length) await this.writeInternships(internships);
  }

  /**
   * Writes these placements' rows again as the database has them now (those gone are removed), and
   * moves their offer in statistics_seat_change from what the old rows said to what the new ones
   * say. A change that comes to nothing is removed, so the table keeps only days when something changed.
   */
  async writePlacements(ids: string[]): Promise<void> {
    const these = `id = ANY($1::uuid[])`;
    await this.changeSeats(offerChangesOf(these), -1, [ids]);
    await this.manager.query(`DELETE FROM ${STATISTICS_PLACEMENT} WHERE ${these}`, [ids]);
    await this.manager.query(`INSERT INTO ${STATISTICS_PLACEMENT} ${PLACEMENT_FACTS} WHERE p.id = ANY($1::uuid[])`, [ids]);
    await this.changeSeats(offerChangesOf(these), 1, [ids]);
  }

  /**
   * Writes these internships' rows again as the database has them now (those gone are removed),
   * moves the seats they take likewise, and stamps anew the months whose rows came out different
   * (statistics_month_stamp: the figures kept of those months are read again).
   */
  async writeInternships(ids: string[]): Promise<void> {
    const these = `id = ANY($1::uuid[])`;
    await this.changeSeats(takeChangesOf(these), -1, [ids]);
    // (Each in a WITH, so the driver answers with the rows alone.)
    const gone: FactsOfMonth[] = await this.manager.query(
      `WITH gone AS (DELETE FROM ${STATISTICS_INTERNSHIP} f WHERE ${these} RETURNING ${FACTS_OF_MONTH}) SELECT * FROM gone`,
      [ids],
    );
    const made: FactsOfMonth[] = await this.manager.query(
      `WITH made AS (INSERT INTO ${STATISTICS_INTERNSHIP} AS f ${INTERNSHIP_FACTS} WHERE i.id = ANY($1::uuid[]) RETURNING ${FACTS_OF_MONTH}) SELECT * FROM made`,
      [ids],
    );
    await this.changeSeats(takeChangesOf(these), 1, [ids]);
    const months = monthsChanged(gone, made);
    if (months.length)
      await this.manager.query(
        `INSERT INTO ${STATISTICS_MONTH_STAMP} (month, stamp) SELECT m, gen_random_uuid() FROM unnest($1::date[]) m ORDER BY m
         ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp`,
        [months],
      );
  }

  /** The stamps of the months from `from`'s to `to` (those never stamped are left out), and the fill's (month `-infinity`). */
  monthStamps(from: string, to: string): Promise<Array<{ month: string; stamp: string }>> {
    return this.manager.query(
      `SELECT month::text, stamp::text FROM ${STATISTICS_MONTH_STAMP} WHERE month = '-infinity' OR month BETWEEN date_trunc('month', $1::date) AND $2::date`,
      [from, to],
    );
  }

  /**
   * Makes the tables again from the database, whole. Emptied by TRUNCATE, not DELETE: a DELETE
   * leaves every old row and its index entries behind until a vacuum, so each fill grew the tables
   * and their indexes by a whole copy, and took half as long again (BENCHMARKS.md, "A fill of the
   * statistics tables, DELETE against TRUNCATE"). TRUNCATE holds the tables exclusively until the
   * fill commits, which costs no report anything: they wait for a lapsed consumer's fill anyway
   * (statistics-tables.ts), and a report already reading delays the fill by its own milliseconds.
   */
  async fill(): Promise<void> {
    await this.manager.query(`TRUNCATE ${STATISTICS_SEAT_CHANGE}, ${STATISTICS_PLACEMENT}, ${STATISTICS_INTERNSHIP}, ${STATISTICS_MONTH_STAMP}`);
    // A new fill's stamp: every month's figures kept before are read again.
    await this.manager.query(`INSERT INTO ${STATISTICS_MONTH_STAMP} (month, stamp) VALUES ('-infinity', gen_random_uuid())`);
    await this.manager.query(`INSERT INTO ${STATISTICS_PLACEMENT} ${PLACEMENT_FACTS}`);
    await this.manager.query(`INSERT INTO ${STATISTICS_INTERNSHIP} ${INTERNSHIP_FACTS}`);
    await this.changeSeats(`${offerChangesOf('true')} UNION ALL ${takeChangesOf('true')}`, 1);
    // Their statistics at once: until autovacuum came round, the planner took the new tables for
    // empty and joined an organisation's placements by nested loop (a minute per report nationally).
    await this.manager.query(`ANALYZE ${STATISTICS_INTERNSHIP}, ${STATISTICS_PLACEMENT}, ${STATISTICS_SEAT_CHANGE}`);
  }

  /** Adds `changes` (rows of SEAT_KEY, offered, taken), times `sign`, to statistics_seat_change; a group's day that comes to nothing is removed. */
  private async changeSeats(changes: string, sign: 1 | -1, params: unknown[] = []): Promise<void> {
    // In key order, so two writers wait for each other rather than deadlock.
    const rows: Array<Record<string, string>> = await this.manager.query(
      `INSERT INTO ${STATISTICS_SEAT_CHANGE} AS o (${SEAT_KEY}, offered, taken)
       SELECT ${SEAT_KEY}, ${sign} * sum(offered), ${sign} * sum(taken) FROM (${changes}) c
        GROUP BY ${SEAT_KEY} HAVING sum(offered) <> 0 OR sum(taken) <> 0 ORDER BY ${SEAT_KEY}
       ON CONFLICT (${SEAT_KEY}) DO UPDATE SET offered = o.offered + excluded.offered, taken = o.taken + excluded.taken
       RETURNING ${SEAT_KEY.replace('day', 'day::text')}, offered::text, taken::text`,
      params,
    );
    const none = rows.filter((r) => r.offered === '0' && r.taken === '0');
    if (none.length === 0) return;
    await this.manager.query(
      `DELETE FROM ${STATISTICS_SEAT_CHANGE} o
        USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[]) AS k(sector, placement_type, employer_kind, region, day)
        WHERE (o.sector, o.placement_type, o.employer_kind, o.region, o.day) = (k.sector, k.placement_type, k.employer_kind, k.region, k.day)
          AND o.offered = 0 AND o.taken = 0`,
      (['sector', 'placement_type', 'employer_kind', 'region', 'day'] as const).map((key) => none.map((r) => r[key])),
    );
  }

  /**
   * The figures of internships that started in the ranges and took place (placed students:
   * TOOK_PLACE), by the groups and in total, each judged "unaccounted for" on `today`; summed from
   * statistics_internship. Each row is of one month's internships (`chunk`, its first day), so the
   * months can be kept and summed apart (statistics-figures.ts); no medians (see `medians`).
   */
  async figureCounts(scope: StatisticsScope, ranges: DateRange[], today: string, groupBy: StatisticsGroupBy[]): Promise<FigureRow[]> {
    if (ranges.length === 0) return [];
    const [where, params] = scopeFilter(scope, 2);
    const { groups, outer, groupingSets, inRows } = figureShape(groupBy, 'c.chunk');
    const accountedEarly = `NOT c.unaccounted AND c.status = '${InternshipStatus.ENDED_EARLY}'`;
    const ended = `c.status IN ('${InternshipStatus.COMPLETED}', '${InternshipStatus.ENDED_EARLY}')`;
    const certificates = `f.certificates <> '{}'`;
    const first = 2 + params.length;
    const inRanges = ranges.map((_, i) => `f.start_date BETWEEN $${first + 2 * i} AND $${first + 2 * i + 1}`).join(' OR ');
    // First into cells of the month, the groups and what the lists count by (a few thousand
    // nationally), then each figure as a sum over cells: a filtered count per label over every
    // internship of the period took three times as long.
    const counts = `
      WITH c AS (
        SELECT to_char(f.start_date, 'YYYY-MM-01') AS chunk, ${groups}f.status, ${unaccountedFor('f', '$1::date', 'f.outcome_recorded')} AS unaccounted,
               f.early_end_reason, f.destination,
               count(*) AS n,
               count(*) FILTER (WHERE f.known_student AND f.first_choice IS NOT NULL) AS with_choice,
               count(*) FILTER (WHERE f.known_student AND f.first_choice = f.sector) AS honoured,
               count(*) FILTER (WHERE f.praktijkverklaringen > 0) AS certified,
               sum(f.praktijkverklaringen) AS praktijkverklaringen,
               ${FIGURE_LISTS.certificates
                 .map((label) => `sum(cardinality(array_positions(f.certificates, '${label}'))) FILTER (WHERE ${certificates}) AS "${label}"`)
                 .join(',\n               ')}
          FROM ${inRows(`(${inRanges}) AND ${where}`)}
         GROUP BY ${groupBy.map((_, i) => `${i + 2}, `).join('')}1, status, unaccounted, early_end_reason, destination)
      ${outer}, c.chunk,
             coalesce(sum(c.n), 0)::int AS started,
             coalesce(sum(c.n) FILTER (WHERE NOT c.unaccounted AND c.status = '${InternshipStatus.COMPLETED}'), 0)::int AS completed,
             coalesce(sum(c.n) FILTER (WHERE ${accountedEarly}), 0)::int AS ended_early,
             coalesce(sum(c.n) FILTER (WHERE c.unaccounted), 0)::int AS unaccounted,
             coalesce(sum(c.with_choice), 0)::int AS with_choice,
             coalesce(sum(c.honoured), 0)::int AS honoured,
             coalesce(sum(c.praktijkverklaringen), 0)::int AS praktijkverklaringen,
             coalesce(sum(c.certified), 0)::int AS certified,
             ${[
               ...FIGURE_LISTS.endedEarlyReasons.map(
                 (label) =>
                   `coalesce(sum(c.n) FILTER (WHERE ${accountedEarly} AND coalesce(c.early_end_reason, 'UNKNOWN') = '${label}'), 0)::int AS "endedEarlyReasons:${label}"`,
               ),
               ...FIGURE_LISTS.certificates.map((label) => `coalesce(sum(c."${label}"), 0)::int AS "certificates:${label}"`),
               ...FIGURE_LISTS.destinations.map(
                 (label) =>
                   `coalesce(sum(c.n) FILTER (WHERE ${ended} AND coalesce(c.destination, '${Destination.UNKNOWN}') = '${label}'), 0)::int AS "destinations:${label}"`,
               ),
             ].join(',\n             ')}
        FROM c ${groupingSets}`;
    return this.readReport<FigureRow>(counts, [today, ...params, ...ranges.flatMap((r) => [r.from, r.to])]);
  }

  /**
   * The median travel distance of the period's placed students that the network knows, by the
   * groups (`grouped`) and in total: a median sorts its group's rows, so it is not summed from
   * months. (No day in it.)
   */
  async medians(scope: StatisticsScope, from: string, to: string, groupBy: StatisticsGroupBy[]): Promise<Map<string, number | null>> {
    const [where, params] = scopeFilter(scope, 3);
    const { groups, outer, groupingSets, inRows } = figureShape(groupBy);
    const rows = await this.readReport<FigureRow>(
      `WITH c AS (SELECT ${groups}f.travel_km FROM ${inRows(`f.start_date BETWEEN $1 AND $2 AND ${where}`)} AND f.known_student)
       ${outer}, percentile_cont(0.5) WITHIN GROUP (ORDER BY c.travel_km) AS median_travel_km FROM c ${groupingSets}`,
      [from, to, ...params],
    );
    return new Map(rows.map((row) => [figureKey(row, groupBy), row.median_travel_km]));
  }

  /**
   * Seat-days offered and taken in the period, by the groups (and month) with a rollup total
   * (`one` null). Taken means by a placed student (TOOK_PLACE), not a seat held now (OCCUPYING): a
   * proposal holds a seat but nobody was placed on it yet, and a completed internship no longer
   * holds one but did take it for its period. The placements in scope: at sites in the region, all,
   * or for one organisation those where it placed a student in the period.
   * - A region or the network: summed from changes in seats per group and day
   *   (statistics_seat_change): a change on day d counts on each day of a window from d on, so a
   *   window [lo, hi] gets d's change times (hi − max(d, lo) + 1) days.
   * - One organisation: its placements, each once, with their offer and groups, from its own
   *   internships' rows (an index holds all of it); each offers its seats for the days its dates
   *   share with a window, and each internship that took place on them takes one for the days its
   *   dates share with it. Tens of thousands of placements for the national benchmark's school: no
   *   per-group table holds one organisation's placements, and reading every placement's row to
   *   find its own took 370 ms.
   */
  seatDays(scope: StatisticsScope, from: string, to: string, groupBy: StatisticsGroupBy[]): Promise<SeatDaysRow[]> {
    const column: Partial<Record<StatisticsGroupBy, string>> = {
      SECTOR: 'sector',
      EMPLOYER_KIND: 'employer_kind',
      PLACEMENT_TYPE: 'placement_type',
    };
    /** The groups' columns, each followed by a comma (of table `alias` when given). */
    const groups = (alias = '') =>
      groupBy
        .flatMap((g) => column[g] ?? [])
        .map((c) => `${alias}${c}, `)
        .join('');
    const windows = groupBy.includes(StatisticsGroupBy.MONTH)
      ? `SELECT GREATEST($1::date, m::date) AS lo, LEAST($2::date, (m + interval '1 month' - interval '1 day')::date) AS hi
           FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') m`
      : `SELECT $1::date AS lo, $2::date AS hi`;
    const rollup = `GROUP BY ROLLUP ((${groupBy
      .map((_, i) => String(i + 1))
      .concat([String(groupBy.length + 1)])
      .join(', ')}))`;
    /** The report's groups, named as in StatisticsGroupBy (the month of window start `lo`), and `one`, null in the rollup's total. */
    const named = (lo: string) =>
      `${groupBy
        .map((g) => {
          const value = g === StatisticsGroupBy.MONTH ? `to_char(${lo}, 'YYYY-MM')` : g === StatisticsGroupBy.SCHOOL_KIND ? `'-'` : `c.${column[g]}`;
          return `${value} AS "${g}", `;
        })
        .join('')}1 AS one`;
    if (scope.kind === StatisticsScopeKind.ORGANISATION) {
      const days = (first: string, last: string) => `(LEAST(${last}, w.hi) - GREATEST(${first}, w.lo) + 1)`;
      const until = `coalesce(p.available_until, w.hi)`;
      return this.readReport(
        `WITH w AS (${windows}),
              p AS MATERIALIZED (
                SELECT DISTINCT ON (placement_id) placement_id AS id, ${groups()}seats, available_from, available_until
                  FROM ${STATISTICS_INTERNSHIP}
                 WHERE organisation_id = $3 AND start_date <= $2 AND end_date >= $1 AND status IN ${TOOK_PLACE}
                 ORDER BY placement_id),
              c AS (SELECT ${groups('p.')}w.lo, p.seats::bigint * ${days('p.available_from', until)} AS offered, 0::bigint AS taken
                      FROM p JOIN w ON ${days('p.available_from', until)} > 0
                    UNION ALL
                    SELECT ${groups('p.')}w.lo, 0, ${days('i.start_date', 'i.end_date')}
                      FROM p JOIN ${STATISTICS_INTERNSHIP} i ON i.placement_id = p.id AND i.status IN ${TOOK_PLACE}
                      JOIN w ON ${days('i.start_date', 'i.end_date')} > 0)
         SELECT ${named('c.lo')}, sum(c.offered)::float8 AS offered, sum(c.taken)::float8 AS taken
           FROM c ${rollup}`,
        [from, to, scope.organisationId],
      );
    }
    const days = `(w.hi - GREATEST(c.day, w.lo) + 1)`;
    return this.readReport(
      // Changes before the period count from its first day on: summed into one per group first.
      `WITH w AS (${windows}),
            c AS (SELECT ${groups()}GREATEST(day, $1::date) AS day, sum(offered) AS offered, sum(taken) AS taken
                    FROM ${STATISTICS_SEAT_CHANGE}
                   WHERE day <= $2 AND ${scope.kind === StatisticsScopeKind.REGION ? `region = $3` : `$3::text IS NULL`}
                   GROUP BY ${groups()}GREATEST(day, $1::date))
       SELECT ${named('w.lo')}, sum(c.offered * ${days})::float8 AS offered, sum(c.taken * ${days})::float8 AS taken
         FROM c JOIN w ON c.day <= w.hi
        ${rollup}`,
      [from, to, scope.region],
    );
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

  /**
   * A report's query, planned for what it is: one of several read at once on a shared machine.
   * - JIT compilation off: the planner's estimate for a scan of a period's internships passes the
   *   JIT threshold, and compiling took longer than the query itself (the network's seat-days of a
   *   year by month: 335 ms with it, 108 ms without, nationally).
   * - No parallel workers: a report runs its queries side by side already, and starting workers
   *   cost more than they saved (a count over the national statistics_internship: 118 ms with two
   *   workers, 50 ms without, on two cores).
   * - Room to group and sort in memory: a month's cells and a year's seat changes spilled to disk
   *   at the default 4 MB (the network by sector × month: 0.7× as long with 32 MB).
   */
  private readReport<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.manager.transaction(async (tx) => {
      await tx.query(`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '32MB', true)`);
      return tx.query(sql, params);
    });
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

/** A figure row's group (whether grouped, then the groups' values), to find the same row of another query or month. */
export const figureKey = (row: FigureRow, groupBy: StatisticsGroupBy[]) => [row.grouped, ...groupBy.map((g) => row[g])].join('|');

/**
 * What the figures' queries share: the report's groups, named as in StatisticsGroupBy and computed
 * once per internship (`groups`, for the rows' select list); the outer select of the groups and
 * whether a row is grouped; its grouping sets (the groups and the total, each within `within` when
 * given); and the rows of the internships that took place, `where`.
 */
function figureShape(groupBy: StatisticsGroupBy[], within?: string) {
  const column: Record<StatisticsGroupBy, string> = {
    SECTOR: 'f.sector',
    EMPLOYER_KIND: 'f.employer_kind',
    PLACEMENT_TYPE: 'f.placement_type',
    SCHOOL_KIND: 'o.kind',
    MONTH: `to_char(f.start_date, 'YYYY-MM')`,
  };
  const grouped = groupBy.map((g) => `c."${g}"`);
  const total = within ? [within] : [];
  const sets = grouped.length ? [[...total, ...grouped], total] : [total];
  return {
    groups: groupBy.map((g) => `${column[g]} AS "${g}", `).join(''),
    outer: `SELECT ${grouped.map((g, i) => `${g} AS "${groupBy[i]}", `).join('')}${grouped.length ? `GROUPING(${grouped.join(', ')}) = 0` : 'false'} AS grouped`,
    groupingSets: `GROUP BY GROUPING SETS (${sets.map((set) => `(${set.join(', ')})`).join(', ')})`,
    inRows: (where: string) =>
      `${STATISTICS_INTERNSHIP} f${groupBy.includes(StatisticsGroupBy.SCHOOL_KIND) ? ' JOIN organisation o ON o.id = f.organisation_id' : ''}
        WHERE f.status IN ${TOOK_PLACE} AND ${where}`,
  };
}

function scopeFilter(scope: StatisticsScope, firstParam: number): [string, unknown[]] {
  if (scope.kind === StatisticsScopeKind.ORGANISATION) return [`f.organisation_id = $${firstParam}`, [scope.organisationId]];
  if (scope.kind === StatisticsScopeKind.REGION) return [`f.region = $${firstParam}`, [scope.region]];
  return ['true', []];
}
