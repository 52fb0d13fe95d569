import { EmployerKind, MembershipRole, Sector } from '@stagebank/domain';
import { CHANGE_FEEDS, TOOK_PLACE } from '@stagebank/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { Metrics } from '../apps/api/src/metrics/metrics';
import { StatisticsFigures, monthsOf } from '../apps/api/src/statistics/statistics-figures';
import { StatisticsTables } from '../apps/api/src/statistics/statistics-tables';
import { INTERNSHIP_FACTS, PLACEMENT_FACTS, STATISTICS_FEEDS, StatisticsRepository, StatisticsScope } from '../apps/api/src/statistics/statistics.repository';
import { StatisticsGroupBy, StatisticsScopeKind } from '../apps/api/src/statistics/statistics.types';
import { Factory, Member } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const TABLES = {
  statistics_internship: 'id',
  statistics_placement: 'id',
  statistics_seat_change: 'sector, placement_type, employer_kind, region, day',
};

const TOTALS = `query ($period: PeriodInput!) { placementStatistics(scope: { kind: ORGANISATION }, period: $period) { totals { started certified certificates { label count } } } }`;

/**
 * The report's seat-days as placements and internships give them, read from those tables
 * themselves (as the report did before it had tables of its own): what the statistics tables must
 * add up to, for any period and grouping.
 */
async function seatDaysFromPlacements(db: DataSource, scope: StatisticsScope, from: string, to: string, groupBy: StatisticsGroupBy[]) {
  const select: Record<string, string> = {
    SECTOR: 'p.sector',
    EMPLOYER_KIND: 'e.kind',
    PLACEMENT_TYPE: 'p.type',
    MONTH: `to_char(w.lo, 'YYYY-MM')`,
    SCHOOL_KIND: `'-'`,
  };
  const windows = groupBy.includes(StatisticsGroupBy.MONTH)
    ? `SELECT GREATEST($1::date, m::date) AS lo, LEAST($2::date, (m + interval '1 month' - interval '1 day')::date) AS hi
         FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') m`
    : `SELECT $1::date AS lo, $2::date AS hi`;
  const inScope =
    scope.kind === StatisticsScopeKind.ORGANISATION
      ? `p.id IN (SELECT placement_id FROM internship WHERE organisation_id = $3 AND start_date <= $2 AND end_date >= $1 AND status IN ${TOOK_PLACE})`
      : scope.kind === StatisticsScopeKind.REGION
        ? `s.region = $3`
        : `$3::text IS NULL`;
  const sum = (value: string, from_: string, where: string) =>
    db.query(
      `WITH w AS (${windows})
       SELECT ${groupBy.map((g) => `${select[g]} AS "${g}", `).join('')}sum(${value})::float8 AS value
         FROM ${from_} JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id CROSS JOIN w
        WHERE ${inScope} AND ${where}
        ${groupBy.length ? `GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')}` : ''}`,
      [from, to, scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region],
    );
  return {
    offered: await sum(
      'p.seats * (LEAST(coalesce(p.available_until, w.hi), w.hi) - GREATEST(p.available_from, w.lo) + 1)',
      'placement p',
      'p.available_from <= w.hi AND (p.available_until IS NULL OR p.available_until >= w.lo)',
    ),
    taken: await sum(
      'LEAST(i.end_date, w.hi) - GREATEST(i.start_date, w.lo) + 1',
      'internship i JOIN placement p ON p.id = i.placement_id',
      `i.start_date <= w.hi AND i.end_date >= w.lo AND i.status IN ${TOOK_PLACE}`,
    ),
  };
}

/** Rows' `value` by their groups, the rollup's total and groups that come to nothing left out, to compare two sums of seat-days. */
const byGroup = (rows: Array<Record<string, unknown>>, groupBy: StatisticsGroupBy[], value = 'value') =>
  Object.fromEntries(
    rows
      .filter((r) => !('one' in r) || r.one !== null)
      .filter((r) => Number(r[value]) !== 0)
      .map((r) => [groupBy.map((g) => String(r[g])).join('|'), Number(r[value])]),
  );

/**
 * Placement statistics read tables kept from the change stream (statistics-tables.ts), not the
 * internships and placements themselves: after any write they must hold exactly what a fill from
 * the database makes, a report must add up seat-days as the placements give them, and it must show
 * the caller's own write at once.
 */
describe('the statistics tables', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;

  beforeAll(async () => {
    // No jobs: the tables move only when this file asks (a report, or catchUp).
    t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const read = (db: DataSource | EntityManager) =>
    Promise.all(Object.entries(TABLES).map(([table, order]) => db.query(`SELECT * FROM ${table} ORDER BY ${order}`)));

  /** The tables as the change stream left them, against a fill from the database now (in a transaction rolled back). */
  async function expectTablesAsFilled(): Promise<void> {
    await t.app.get(StatisticsTables).catchUp();
    const kept = await read(t.db);
    const runner = t.db.createQueryRunner();
    await runner.startTransaction('REPEATABLE READ');
    try {
      await new StatisticsRepository(runner.manager).fill();
      const filled = await read(runner.manager);
      expect(kept[0].length).toBeGreaterThan(0);
      for (const [i, table] of Object.keys(TABLES).entries()) expect({ table, rows: kept[i] }).toEqual({ table, rows: filled[i] });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('keeps its rows as a fill from the database would make them, after writes to every table they are made of', async () => {
    const { employer, site } = await f.employer({}, { region: 'MIDDEN_UTRECHT' as never });
    const first = await f.placement(site.id, { seats: 3, availableFrom: '2026-01-01', availableUntil: '2026-06-30' });
    const second = await f.placement(site.id, { seats: 2, sector: Sector.LOGISTICS, availableFrom: '2025-10-15' });
    // Alone in its group and day: taking it away must leave no change of nothing behind.
    const lone = await f.placement(site.id, { seats: 4, sector: Sector.HOSPITALITY, availableFrom: '2026-03-03', availableUntil: '2026-03-09' });
    const student = await f.student(school.organisationId, { sectorPreferences: [Sector.RETAIL] });
    const internship = await f.internship(first.id, student.id, school.organisationId, {
      startDate: '2026-02-01',
      endDate: '2026-05-31',
      status: 'ACTIVE' as never,
    });
    const other = await f.internship(second.id, student.id, school.organisationId, {
      startDate: '2025-11-01',
      endDate: '2026-01-31',
      status: 'COMPLETED' as never,
    });
    await t.db.query(`INSERT INTO internship_outcome (internship_id, organisation_id, destination) VALUES ($1, $2, 'NEXT_PLACEMENT')`, [
      other.id,
      school.organisationId,
    ]);
    const [{ id: verklaring }] = await t.db.query(
      `INSERT INTO praktijkverklaring (internship_id, organisation_id, crebo, werkprocessen, issued_on, issuing_school)
       VALUES ($1, $2, '25254', '{B1-K1-W1}', '2026-01-31', 'ROC') RETURNING id`,
      [other.id, school.organisationId],
    );
    for (const kind of ['VCA', 'BHV'])
      await t.db.query(`INSERT INTO certificate_award (internship_id, organisation_id, kind, issued_on) VALUES ($1, $2, $3, '2026-01-31')`, [
        other.id,
        school.organisationId,
        kind,
      ]);
    await expectTablesAsFilled();

    // Every table the rows are made of, changed.
    await t.db.query(`UPDATE placement SET seats = 5, available_until = '2026-09-30' WHERE id = $1`, [first.id]);
    await t.db.query(`UPDATE placement SET sector = 'RETAIL' WHERE id = $1`, [second.id]);
    await t.db.query(`DELETE FROM placement WHERE id = $1`, [lone.id]);
    await t.db.query(`UPDATE site SET region = 'AMERSFOORT' WHERE id = $1`, [site.id]);
    await t.db.query(`UPDATE employer SET kind = $2 WHERE id = $1`, [employer.id, EmployerKind.SHELTERED_WORKSHOP]);
    await t.db.query(`UPDATE student_profile SET sector_preferences = '{LOGISTICS}', home_location = ST_GeogFromText('POINT(5.3 52.1)') WHERE id = $1`, [
      student.id,
    ]);
    await t.db.query(`UPDATE internship SET status = 'COMPLETED', end_date = '2026-04-30' WHERE id = $1`, [internship.id]);
    await t.db.query(`UPDATE internship_outcome SET destination = 'PAID_JOB_AT_EMPLOYER' WHERE internship_id = $1`, [other.id]);
    await t.db.query(`DELETE FROM praktijkverklaring WHERE id = $1`, [verklaring]);
    await t.db.query(`DELETE FROM certificate_award WHERE internship_id = $1 AND kind = 'BHV'`, [other.id]);
    await expectTablesAsFilled();

    // A student erased (their internships stay, whose unknown), and an internship and its placement deleted.
    await t.db.query(`DELETE FROM student_profile WHERE id = $1`, [student.id]);
    await t.db.query(`DELETE FROM internship WHERE id = $1`, [other.id]);
    await t.db.query(`DELETE FROM placement WHERE id = $1`, [second.id]);
    await expectTablesAsFilled();
    const [row] = await t.db.query(`SELECT known_student, first_choice FROM statistics_internship WHERE id = $1`, [internship.id]);
    expect(row).toEqual({ known_student: false, first_choice: null });
  });

  it('adds up seat-days offered and taken as the placements and internships themselves give them', async () => {
    // Placements that begin, end and change in the middle of months, some open-ended, in two regions.
    const { site } = await f.employer({}, { region: 'MIDDEN_UTRECHT' as never });
    const { site: elsewhere } = await f.employer({ kind: EmployerKind.SHELTERED_WORKSHOP }, { region: 'AMERSFOORT' as never });
    const placements = [
      await f.placement(site.id, { seats: 3, availableFrom: '2025-09-10', availableUntil: '2026-02-14' }),
      await f.placement(site.id, { seats: 1, sector: Sector.LOGISTICS, availableFrom: '2026-01-20' }),
      await f.placement(elsewhere.id, { seats: 2, availableFrom: '2024-05-01', availableUntil: '2025-12-31' }),
      await f.placement(elsewhere.id, { seats: 6, sector: Sector.HOSPITALITY, availableFrom: '2025-12-01', availableUntil: '2025-12-01' }),
    ];
    const student = await f.student(school.organisationId);
    await f.internship(placements[0].id, student.id, school.organisationId, { startDate: '2025-10-05', endDate: '2026-01-10', status: 'COMPLETED' as never });
    await f.internship(placements[2].id, student.id, school.organisationId, { startDate: '2025-11-11', endDate: '2026-03-03', status: 'ENDED_EARLY' as never });
    await f.internship(placements[1].id, student.id, school.organisationId, { startDate: '2026-02-01', endDate: '2026-03-31', status: 'PROPOSED' as never });
    await t.app.get(StatisticsTables).catchUp();

    const repository = t.app.get(StatisticsRepository);
    const scopes: StatisticsScope[] = [
      { kind: StatisticsScopeKind.NETWORK, organisationId: school.organisationId, region: null },
      { kind: StatisticsScopeKind.REGION, organisationId: school.organisationId, region: 'AMERSFOORT' as never },
      { kind: StatisticsScopeKind.ORGANISATION, organisationId: school.organisationId, region: null },
    ];
    const groupings = [[], [StatisticsGroupBy.SECTOR, StatisticsGroupBy.MONTH], [StatisticsGroupBy.EMPLOYER_KIND, StatisticsGroupBy.PLACEMENT_TYPE]];
    let compared = 0;
    const compare = async () => {
      for (const scope of scopes)
        for (const groupBy of groupings)
          for (const [from, to] of [
            ['2025-10-17', '2026-02-20'],
            ['2025-12-01', '2025-12-31'],
            ['2024-01-01', '2026-12-31'],
          ]) {
            const kept = await repository.seatDays(scope, from, to, groupBy);
            const direct = await seatDaysFromPlacements(t.db, scope, from, to, groupBy);
            const label = { scope: scope.kind, groupBy, from, to };
            expect({ ...label, offered: byGroup(kept, groupBy, 'offered') }).toEqual({ ...label, offered: byGroup(direct.offered, groupBy) });
            expect({ ...label, taken: byGroup(kept, groupBy, 'taken') }).toEqual({ ...label, taken: byGroup(direct.taken, groupBy) });
            // The rollup's total is the sum of the groups.
            const total = kept.find((r) => r.one === null)!;
            expect(Number(total.offered ?? 0)).toBe(Object.values(byGroup(direct.offered, groupBy)).reduce((a, b) => a + b, 0));
            compared += Object.keys(byGroup(direct.offered, groupBy)).length;
          }
    };
    await compare();
    // Placements' new seats and dates reach every scope, one organisation's too (its internships' rows carry them).
    await t.db.query(`UPDATE placement SET seats = 4, available_until = '2026-01-25' WHERE id = $1`, [placements[0].id]);
    await t.db.query(`UPDATE placement SET available_from = '2025-11-20' WHERE id = $1`, [placements[2].id]);
    await t.app.get(StatisticsTables).catchUp();
    await compare();
    expect(compared).toBeGreaterThan(100);
  });

  it("shows the caller's own write in the very next report", async () => {
    const { site } = await f.employer();
    const placement = await f.placement(site.id);
    const student = await f.student(school.organisationId);
    const period = { from: '2031-01-01', to: '2031-12-31' };
    const totals = async () => (await t.gql(TOTALS, { period }, school.token)).data!.placementStatistics.totals;
    expect(await totals()).toEqual({ started: 0, certified: 0, certificates: [] });

    const internship = await f.internship(placement.id, student.id, school.organisationId, { startDate: '2031-02-01', endDate: '2031-06-30' });
    await t.db.query(`INSERT INTO certificate_award (internship_id, organisation_id, kind, issued_on) VALUES ($1, $2, 'EHBO', '2031-06-30')`, [
      internship.id,
      school.organisationId,
    ]);
    expect(await totals()).toEqual({ started: 1, certified: 0, certificates: [{ label: 'EHBO', count: 1 }] });
    await t.db.query(
      `INSERT INTO praktijkverklaring (internship_id, organisation_id, crebo, werkprocessen, issued_on, issuing_school)
       VALUES ($1, $2, '25254', '{B1-K1-W1}', '2031-06-30', 'ROC')`,
      [internship.id, school.organisationId],
    );
    expect(await totals()).toEqual({ started: 1, certified: 1, certificates: [{ label: 'EHBO', count: 1 }] });
  });

  it("keeps each month's figures until what it says of that month's internships changes", async () => {
    const { employer, site } = await f.employer();
    const placement = await f.placement(site.id, { availableFrom: '2033-01-01' });
    const student = await f.student(school.organisationId, { sectorPreferences: [Sector.RETAIL] });
    const january = await f.internship(placement.id, student.id, school.organisationId, {
      startDate: '2033-01-20',
      endDate: '2033-02-28',
      status: 'COMPLETED' as never,
    });
    const march = await f.internship(placement.id, student.id, school.organisationId, {
      startDate: '2033-03-05',
      endDate: '2033-05-31',
      status: 'ACTIVE' as never,
    });

    const repository = t.app.get(StatisticsRepository);
    const kept = t.app.get(StatisticsFigures);
    const scope: StatisticsScope = { kind: StatisticsScopeKind.ORGANISATION, organisationId: school.organisationId, region: null };
    const [from, to, today] = ['2033-01-10', '2033-04-20', '2033-04-30'];
    const groupBy = [StatisticsGroupBy.SECTOR, StatisticsGroupBy.MONTH];
    const read = jest.spyOn(repository, 'figureCounts');
    const rewritten = jest.spyOn(StatisticsRepository.prototype, 'writeInternships');
    const byKey = (rows: Array<Record<string, unknown>>) => Object.fromEntries(rows.map((row) => [`${row.grouped}|${row.SECTOR}|${row.MONTH}`, row]));
    /** The report's figures as this process keeps them, what they read from the tables, and a new process's figures (nothing kept). */
    async function report(by = groupBy, day = today) {
      await t.app.get(StatisticsTables).catchUp();
      read.mockClear();
      const rows = await kept.figures(scope, from, to, day, by);
      const ranges = read.mock.calls.map((call) => call[1]);
      const afresh = await new StatisticsFigures(repository, t.app.get(Metrics)).figures(scope, from, to, day, by);
      expect(byKey(rows)).toEqual(byKey(afresh));
      return { rows: byKey(rows), read: ranges };
    }
    try {
      const first = await report();
      expect(first.read).toEqual([[{ from, to }]]);
      // January's ended without an outcome: unaccounted for on `today`.
      expect(first.rows['true|RETAIL|2033-01']).toMatchObject({ started: 1, unaccounted: 1 });
      expect(first.rows['false|null|null']).toMatchObject({ started: 2 });
      expect((await report()).read).toEqual([]);

      // Rows written again but saying the same: no month is read again.
      rewritten.mockClear();
      await t.db.query(`UPDATE employer SET name = 'Renamed' WHERE id = $1`, [employer.id]);
      expect((await report()).read).toEqual([]);
      expect(rewritten.mock.calls.flatMap(([ids]) => ids)).toEqual(expect.arrayContaining([january.id, march.id]));
      // Nor a placement's new seats and dates: its internships' rows carry its offer, which no month's figures read.
      rewritten.mockClear();
      await t.db.query(`UPDATE placement SET seats = seats + 1, available_until = '2033-12-31' WHERE id = $1`, [placement.id]);
      expect((await report()).read).toEqual([]);
      expect(rewritten.mock.calls.flatMap(([ids]) => ids)).toEqual(expect.arrayContaining([january.id, march.id]));

      // March's internship ended early: March alone is read again.
      await t.db.query(`UPDATE internship SET status = 'ENDED_EARLY' WHERE id = $1`, [march.id]);
      const ended = await report();
      expect(ended.read).toEqual([[{ from: '2033-03-01', to: '2033-03-31' }]]);
      expect(ended.rows['true|RETAIL|2033-03']).toMatchObject({ started: 1, ended_early: 1 });

      // January's internship moved to April: both months, apart.
      await t.db.query(`UPDATE internship SET start_date = '2033-04-02', end_date = '2033-04-25' WHERE id = $1`, [january.id]);
      const moved = await report();
      expect(moved.read).toEqual([
        [
          { from: '2033-01-10', to: '2033-01-31' },
          { from: '2033-04-01', to: '2033-04-20' },
        ],
      ]);
      expect(moved.rows['true|RETAIL|2033-01']).toBeUndefined();
      expect(moved.rows['true|RETAIL|2033-04']).toMatchObject({ started: 1, unaccounted: 1 });

      // Another day (what is unaccounted for), another grouping, grouped by school kind (no stamp
      // follows an organisation's kind), and after a fill: everything is read.
      expect((await report(groupBy, '2033-05-01')).read).toEqual([[{ from, to }]]);
      expect((await report([StatisticsGroupBy.SECTOR])).read).toEqual([[{ from, to }]]);
      expect((await report([StatisticsGroupBy.SCHOOL_KIND])).read).toEqual([[{ from, to }]]);
      expect((await report([StatisticsGroupBy.SCHOOL_KIND])).read).toEqual([[{ from, to }]]);
      await t.db.transaction((tx) => new StatisticsRepository(tx).fill());
      expect((await report()).read).toEqual([[{ from, to }]]);
      expect((await report()).read).toEqual([]);
    } finally {
      read.mockRestore();
      rewritten.mockRestore();
    }
  });

  it("keeps its size when filled again: no fill leaves the last one's rows behind", async () => {
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 400, availableFrom: '2045-01-01' });
    // Enough internships for several pages of statistics_internship, each on a day of its own (so
    // as many seat changes): rows a fill that only marked them deleted would leave beside the new.
    // In a year no other test uses, and taken away after: the suites share one database.
    await t.db.query(
      `INSERT INTO internship (placement_id, organisation_id, start_date, end_date, status)
       SELECT $1, $2, d::date, d::date + 30, 'COMPLETED' FROM generate_series('2045-01-01'::date, '2045-12-31'::date, interval '1 day') d`,
      [placement.id, school.organisationId],
    );
    try {
      const sizes = async () =>
        Object.fromEntries(
          (
            await t.db.query(
              `SELECT c.relname, pg_total_relation_size(c.oid)::int AS bytes FROM pg_class c
                WHERE c.relname IN ('statistics_internship', 'statistics_placement', 'statistics_seat_change', 'statistics_month_stamp')`,
            )
          ).map((r: { relname: string; bytes: number }) => [r.relname, r.bytes]),
        );
      const fill = () => t.db.transaction((tx) => new StatisticsRepository(tx).fill());
      await fill();
      const first = await sizes();
      const [{ pages }] = await t.db.query(`SELECT pg_relation_size('statistics_internship') / current_setting('block_size')::int AS pages`);
      expect(Number(pages)).toBeGreaterThanOrEqual(4);
      await fill();
      await fill();
      expect(await sizes()).toEqual(first);
      await expectTablesAsFilled();
    } finally {
      await t.db.query(`DELETE FROM internship WHERE placement_id = $1`, [placement.id]);
      await t.app.get(StatisticsTables).catchUp();
    }
  });

  it('is made only of tables whose changes reach it through the change stream', async () => {
    const read: string[] = [];
    const runner = t.db.createQueryRunner();
    try {
      for (const [name, facts] of Object.entries({ internship: INTERNSHIP_FACTS, placement: PLACEMENT_FACTS })) {
        await runner.query(`CREATE TEMP VIEW statistics_facts_${name} AS ${facts}`);
        const tables: Array<{ relname: string }> = await runner.query(
          `SELECT DISTINCT c.relname FROM pg_rewrite r JOIN pg_depend d ON d.objid = r.oid JOIN pg_class c ON c.oid = d.refobjid
            WHERE r.ev_class = 'statistics_facts_${name}'::regclass AND c.relkind = 'r'`,
        );
        read.push(...tables.map((r) => r.relname));
        await runner.query(`DROP VIEW statistics_facts_${name}`);
      }
    } finally {
      await runner.release();
    }
    expect(read.length).toBeGreaterThan(6);
    for (const relname of read)
      expect({ relname, fed: relname in CHANGE_FEEDS, followed: STATISTICS_FEEDS.includes(relname) }).toEqual({ relname, fed: true, followed: true });
  });
});

describe('the months of a period', () => {
  it('cuts each calendar month to the period, across a year', () => {
    expect(monthsOf('2025-11-15', '2026-01-10')).toEqual([
      { month: '2025-11-01', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12-01', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01-01', from: '2026-01-01', to: '2026-01-10' },
    ]);
    expect(monthsOf('2024-02-29', '2024-02-29')).toEqual([{ month: '2024-02-01', from: '2024-02-29', to: '2024-02-29' }]);
    expect(monthsOf('2024-01-31', '2024-03-01').map((m) => m.to)).toEqual(['2024-01-31', '2024-02-29', '2024-03-01']);
  });
});
