import { MembershipRole, OrganisationKind, Sector } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/**
 * Outcomes and statistics on a hand-worked scenario in Zuid-Limburg (a region no other test uses):
 * a PLP initiative's year of 25 internships (9 certified, 9 still going, 4 stopped, 3 past their
 * end unnoticed, as in DOMAIN.md; with the one stop nobody recorded an outcome for, 4 unaccounted
 * for) and 3 internships of a PrO school; every expected figure is worked out here.
 */
const MAASTRICHT = { latitude: 50.8514, longitude: 5.691 };
const PERIOD = { from: '2024-08-01', to: '2025-07-31' };
const START = '2024-09-01';
const KM_PER_DEGREE_LATITUDE = 111.2;

const REPORT = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) {
  placementStatistics(scope: $scope, period: $period, groupBy: $groupBy) {
    suppressionThreshold
    totals { ...figures }
    rows { group { sector schoolKind month } ...figures }
    followUp { months students paidJob unknown paidJobRate }
  } }
  fragment figures on StatisticsRow {
    started completed endedEarly stillGoing unaccounted occupancyRate firstChoiceSectorHonouredRate medianTravelKm
    praktijkverklaringen certified suppressed
    endedEarlyReasons { label count } certificates { label count } destinations { label count }
  }`;

const OUTCOME = `mutation ($id: ID!, $input: InternshipOutcomeInput!) { recordInternshipOutcome(internshipId: $id, input: $input) { destination earlyEndReason praktijkverklaringen { crebo } certificates { kind } } }`;
const FOLLOW_UP = `mutation ($id: ID!, $input: FollowUpInput!) { recordFollowUp(studentId: $id, input: $input) { checkedOn situation } }`;
const asMap = (list: Array<{ label: string; count: number | null }>) => Object.fromEntries(list.map((c) => [c.label, c.count]));

describe('outcomes and statistics', () => {
  let t: TestApp;
  let f: Factory;
  let plp: Member;
  let pro: Member;
  let employerId: string;
  let proEmployerId: string;
  const plpStudentIds: string[] = [];
  const plpStudentCodes: string[] = [];
  const internshipIds: Record<string, string[]> = { completed: [], going: [], early: [], unaccounted: [] };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    plp = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.PLP_INITIATIVE, region: 'ZUID_LIMBURG' as never }));
    pro = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.PRO_SCHOOL, region: 'ZUID_LIMBURG' as never }));
    const at = { postcode: '6211 AB', place: 'Maastricht', location: { type: 'Point' as const, coordinates: [MAASTRICHT.longitude, MAASTRICHT.latitude] } };
    const { employer, site } = await f.employer({ name: 'Zorgcentrum Maasoever' }, at);
    employerId = employer.id;
    const placements = [];
    for (let i = 0; i < 5; i++) {
      placements.push(await f.placement(site.id, { seats: 5, sector: (i < 3 ? Sector.HOSPITALITY : Sector.LOGISTICS) as never, availableFrom: '2024-01-01' }));
    }
    // 25 students, at 1, 2, … 25 km north of the site; the first 15 want the sector of their placement first.
    const plan: Array<[keyof typeof internshipIds, string, string, number]> = [
      ...Array.from({ length: 9 }, () => ['completed', 'COMPLETED', '2025-06-30', 0] as [keyof typeof internshipIds, string, string, number]),
      ...Array.from({ length: 9 }, () => ['going', 'ACTIVE', '2027-06-30', 0] as [keyof typeof internshipIds, string, string, number]),
      ...Array.from({ length: 4 }, () => ['early', 'ENDED_EARLY', '2024-12-31', 0] as [keyof typeof internshipIds, string, string, number]),
      ...Array.from({ length: 3 }, () => ['unaccounted', 'ACTIVE', '2025-06-30', 0] as [keyof typeof internshipIds, string, string, number]),
    ];
    for (let i = 0; i < 25; i++) {
      const placement = placements[i % 5];
      const [bucket, status, endDate] = plan[i];
      const student = await f.student(plp.organisationId, {
        homeLocation: { type: 'Point', coordinates: [MAASTRICHT.longitude, MAASTRICHT.latitude + (i + 1) / KM_PER_DEGREE_LATITUDE] },
        sectorPreferences: (i < 15 ? [placement.sector, Sector.RETAIL] : [Sector.RETAIL]) as never,
      });
      plpStudentIds.push(student.id);
      plpStudentCodes.push(student.code);
      const internship = await f.internship(placement.id, student.id, plp.organisationId, {
        startDate: START,
        endDate,
        status: status as never,
        endReason: status === 'ENDED_EARLY' ? 'gestopt' : null,
      });
      internshipIds[bucket].push(internship.id);
    }
    // The PrO school's three, at another employer in the region: completed, all to paid work elsewhere.
    const other = await f.employer({ name: 'Logistiek Centrum Beatrixhaven' }, { ...at, postcode: '6222 NE' });
    proEmployerId = other.employer.id;
    const proPlacement = await f.placement(other.site.id, { seats: 3, availableFrom: '2024-01-01' });
    for (let i = 0; i < 3; i++) {
      const internship = await f.internship(proPlacement.id, (await f.student(pro.organisationId)).id, pro.organisationId, {
        startDate: START,
        endDate: '2025-06-30',
        status: 'COMPLETED' as never,
      });
      await t.gql(OUTCOME, { id: internship.id, input: { destination: 'PAID_JOB_ELSEWHERE' } }, pro.token);
    }

    // Outcomes of the PLP's ended internships.
    const completedDestinations = [
      'PAID_JOB_AT_EMPLOYER',
      'PAID_JOB_AT_EMPLOYER',
      'PAID_JOB_AT_EMPLOYER',
      'PAID_JOB_AT_EMPLOYER',
      'PAID_JOB_ELSEWHERE',
      'PAID_JOB_ELSEWHERE',
      'MBO_ENTREE_BBL',
      'MBO_ENTREE_BBL',
      'MBO_ENTREE_BBL',
    ];
    for (const [i, id] of internshipIds.completed.entries()) {
      const pv = (crebo: string) => ({ crebo, werkprocessen: ['B1-K1-W1', 'B1-K1-W2'], issuedOn: '2025-06-20', issuingSchool: 'Vista college' });
      const input = {
        destination: completedDestinations[i],
        praktijkverklaringen: i === 0 ? [pv('25254'), pv('25371')] : [pv('25251')],
        certificates: i < 3 ? [{ kind: 'VCA', issuedOn: '2025-03-01' }] : i < 5 ? [{ kind: 'BHV', issuedOn: '2025-03-01' }] : [],
      };
      const res = await t.gql(OUTCOME, { id, input }, plp.token);
      expect(res.errors).toBeUndefined();
    }
    const reasons = ['SUPERVISION', 'SUPERVISION', 'MOTIVATION'];
    for (const [i, id] of internshipIds.early.slice(0, 3).entries()) {
      expect((await t.gql(OUTCOME, { id, input: { destination: 'NONE_YET', earlyEndReason: reasons[i] } }, plp.token)).errors).toBeUndefined();
    }
    // The fourth early end has no outcome recorded and its planned end passed: it is unaccounted for
    // (as on the school's list), not an early end of unknown reason; its destination is UNKNOWN, not dropped.

    // Six students left on 2024-09-15; their check-ins (see the follow-up test for what each mark finds).
    const checkIns: Array<Array<[string, string]>> = [
      [
        ['2025-03-10', 'PAID_JOB_ELSEWHERE'],
        ['2025-09-20', 'PAID_JOB_ELSEWHERE'],
        ['2026-09-01', 'PAID_JOB_ELSEWHERE'],
      ],
      [
        ['2025-03-20', 'DAY_ACTIVITY'],
        ['2025-09-10', 'PAID_JOB_AT_EMPLOYER'],
      ],
      [
        ['2025-04-01', 'NONE_YET'],
        ['2026-10-01', 'UNKNOWN'],
      ],
      [],
      [['2025-01-01', 'SHELTERED_WORK']],
      [
        ['2025-09-15', 'PAID_JOB_AT_EMPLOYER'],
        ['2026-09-15', 'PAID_JOB_AT_EMPLOYER'],
      ],
    ];
    for (const [i, checks] of checkIns.entries()) {
      await t.db.query(`UPDATE student_profile SET left_at = '2024-09-15' WHERE id = $1`, [plpStudentIds[i]]);
      for (const [checkedOn, situation] of checks) {
        expect((await t.gql(FOLLOW_UP, { id: plpStudentIds[i], input: { checkedOn, situation } }, plp.token)).errors).toBeUndefined();
      }
    }
  });
  afterAll(() => t.close());

  const report = async (member: Member, scope: object, groupBy: string[] = []) => {
    const res = await t.gql(REPORT, { scope, period: PERIOD, groupBy }, member.token);
    expect(res.errors).toBeUndefined();
    return res.data!.placementStatistics;
  };

  it("reports the initiative's own year exactly, unaccounted for as the school's list says", async () => {
    const { totals } = await report(plp, { kind: 'ORGANISATION' });
    // Unaccounted for: the 3 still ACTIVE past their end, and the early end with no outcome (the
    // same 4 the school's list shows); the four figures add up to started.
    expect(totals).toMatchObject({
      started: 25,
      completed: 9,
      endedEarly: 3,
      stillGoing: 9,
      unaccounted: 4,
      praktijkverklaringen: 10,
      certified: 9,
      suppressed: [],
    });
    expect(asMap(totals.endedEarlyReasons)).toEqual({ SUPERVISION: 2, MOTIVATION: 1 });
    const listed = await t.gql(`{ internships(filter: { unaccountedFor: true }, first: 50) { totalCount } }`, {}, plp.token);
    expect(listed.data!.internships.totalCount).toBe(totals.unaccounted);
    expect(asMap(totals.destinations)).toEqual({ PAID_JOB_AT_EMPLOYER: 4, PAID_JOB_ELSEWHERE: 2, MBO_ENTREE_BBL: 3, NONE_YET: 3, UNKNOWN: 1 });
    expect(asMap(totals.certificates)).toEqual({ VCA: 3, BHV: 2 });
    expect(totals.firstChoiceSectorHonouredRate).toBe(0.6); // 15 of 25
    expect(totals.medianTravelKm).toBeCloseTo(13, 0); // the 13th of 1 … 25 km

    // Seat-days in the period (2024-08-01 … 2025-07-31, 365 days) from 2024-09-01: to 2025-06-30 is 303 days,
    // to 2025-07-31 (still going) 334, to 2024-12-31 122. Offered: 5 placements × 5 seats × 365.
    const taken = (9 + 3) * 303 + 9 * 334 + 4 * 122;
    expect(totals.occupancyRate).toBe(Math.round((taken / (5 * 5 * 365)) * 1000) / 1000);
  });

  it('groups by sector and by month', async () => {
    const bySector = await report(plp, { kind: 'ORGANISATION' }, ['SECTOR']);
    const row = (sector: string) => bySector.rows.find((r: any) => r.group.sector === sector);
    // Placements 0–2 are hospitality, 3–4 logistics; internship i is at placement i % 5.
    expect(row('HOSPITALITY').started).toBe(15);
    expect(row('LOGISTICS').started).toBe(10);
    expect(row('HOSPITALITY').started + row('LOGISTICS').started).toBe(bySector.totals.started);
    const byMonth = await report(plp, { kind: 'ORGANISATION' }, ['MONTH']);
    expect(byMonth.rows.find((r: any) => r.group.month === '2024-09').started).toBe(25);
    expect(byMonth.rows.find((r: any) => r.group.month === '2025-07')).toMatchObject({ started: 0 });
  });

  it('follows students up at 6, 12 and 24 months, counting the unknown', async () => {
    const { followUp } = await report(plp, { kind: 'ORGANISATION' });
    // 6 months (mark 2025-03-15 ± 3 months): paid, day activity, none yet, –, sheltered, – → 1 paid, 2 unknown.
    // 12 months (2025-09-15): paid, paid, –, –, –, paid → 3 paid, 3 unknown. 24 months (2026-09-15): paid, –, UNKNOWN, –, –, paid.
    expect(followUp).toEqual([
      { months: 6, students: 6, paidJob: 1, unknown: 2, paidJobRate: 0.25 },
      { months: 12, students: 6, paidJob: 3, unknown: 3, paidJobRate: 1 },
      { months: 24, students: 6, paidJob: 2, unknown: 4, paidJobRate: 1 },
    ]);
  });

  it('beyond the own organisation: counts only, small cells withheld, and no cell that gives one away', async () => {
    const region = await report(pro, { kind: 'REGION', region: 'ZUID_LIMBURG' }, ['SCHOOL_KIND']);
    expect(region.suppressionThreshold).toBe(5);
    expect(region.totals).toMatchObject({ started: 28, completed: 12, endedEarly: null, stillGoing: 9, unaccounted: null });
    expect(asMap(region.totals.destinations)).toEqual({
      PAID_JOB_AT_EMPLOYER: null,
      PAID_JOB_ELSEWHERE: 5,
      MBO_ENTREE_BBL: null,
      NONE_YET: null,
      UNKNOWN: null,
    });
    const pro3 = region.rows.find((r: any) => r.group.schoolKind === 'PRO_SCHOOL');
    const plp25 = region.rows.find((r: any) => r.group.schoolKind === 'PLP_INITIATIVE');
    expect(pro3.started).toBeNull(); // 3 students
    expect(plp25.started).toBeNull(); // else 28 − 25 would give the 3 away
    expect(plp25.suppressed).toContain('started');
    expect(pro3.medianTravelKm).toBeNull();
    expect(region.rows.every((r: any) => r.occupancyRate === null)).toBe(true); // seats are not a school's

    // Nothing about the initiative's students reaches the school, in any scope.
    for (const scope of [{ kind: 'ORGANISATION' }, { kind: 'REGION', region: 'ZUID_LIMBURG' }, { kind: 'NETWORK' }]) {
      for (const groupBy of [[], ['SECTOR', 'MONTH'], ['SCHOOL_KIND']]) {
        const text = JSON.stringify(await report(pro, scope, groupBy));
        for (const secret of [...plpStudentIds, ...plpStudentCodes, ...Object.values(internshipIds).flat()]) expect(text).not.toContain(secret);
      }
    }
    const own = await report(pro, { kind: 'ORGANISATION' });
    expect(own.totals).toMatchObject({ started: 3, completed: 3 });
    expect(asMap(own.totals.destinations)).toEqual({ PAID_JOB_ELSEWHERE: 3 });
  });

  it('exports every report as CSV', async () => {
    const csv: string = (
      await t.gql(
        `query ($scope: StatisticsScopeInput!, $period: PeriodInput!) { placementStatisticsCsv(scope: $scope, period: $period, groupBy: [SECTOR]) }`,
        { scope: { kind: 'ORGANISATION' }, period: PERIOD },
        plp.token,
      )
    ).data!.placementStatisticsCsv;
    const [header, ...lines] = csv.replace('\ufeff', '').trim().split('\r\n');
    const columns = header.split(';');
    const total = lines.find((l) => l.startsWith('TOTAL'))!.split(';');
    expect(total[columns.indexOf('started')]).toBe('25');
    expect(total[columns.indexOf('unaccounted')]).toBe('4');
    expect(total[columns.indexOf('destinations.UNKNOWN')]).toBe('1');
    expect(lines.find((l) => l.startsWith('HOSPITALITY'))!.split(';')[columns.indexOf('started')]).toBe('15');
  });

  it("shows an employer's track record to everyone, with paid jobs withheld below 5 outcomes", async () => {
    const TRACK = `query ($id: ID!) { employer(id: $id) { trackRecord { completed endedEarly paidJobsOffered averageExperience experiences } } }`;
    expect((await t.gql(TRACK, { id: employerId }, pro.token)).data!.employer.trackRecord).toEqual({
      completed: 9,
      endedEarly: 4,
      paidJobsOffered: 4,
      averageExperience: null,
      experiences: 0,
    });
    expect((await t.gql(TRACK, { id: proEmployerId }, plp.token)).data!.employer.trackRecord).toMatchObject({
      completed: 3,
      endedEarly: 0,
      paidJobsOffered: null,
    });
  });

  it('refuses bad report arguments and bad outcome records with a clear error, writing nothing', async () => {
    const bad = async (variables: object) =>
      onlyError(await t.gql(REPORT, { scope: { kind: 'ORGANISATION' }, period: PERIOD, ...variables }, plp.token)).extensions;
    expect(await bad({ period: { from: '2025-01-01', to: '2024-12-31' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period.to' });
    expect(await bad({ scope: { kind: 'REGION' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scope.region' });
    expect(await bad({ groupBy: ['SECTOR', 'SECTOR'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    const unknownGroup = onlyError(await t.gql(REPORT, { scope: { kind: 'ORGANISATION' }, period: PERIOD, groupBy: ['COLOUR'] }, plp.token));
    expect(unknownGroup.extensions.code).toBe('BAD_USER_INPUT');
    expect(unknownGroup.message).toContain('COLOUR');

    const going = internshipIds.going[0];
    expect(onlyError(await t.gql(OUTCOME, { id: going, input: { destination: 'NONE_YET' } }, plp.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'internshipId',
    });
    const early = internshipIds.early[3];
    expect(onlyError(await t.gql(OUTCOME, { id: early, input: { destination: 'NONE_YET' } }, plp.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.earlyEndReason',
    });
    expect(onlyError(await t.gql(OUTCOME, { id: internshipIds.completed[0], input: { destination: 'NONE_YET' } }, pro.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'internshipId',
    });
    expect(
      onlyError(
        await t.gql(
          OUTCOME,
          {
            id: early,
            input: {
              destination: 'NONE_YET',
              earlyEndReason: 'HEALTH',
              praktijkverklaringen: [{ crebo: '2525', werkprocessen: ['B1-K1-W1'], issuedOn: '2025-01-01', issuingSchool: 'X' }],
            },
          },
          plp.token,
        ),
      ).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.praktijkverklaringen[0].crebo' });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM internship_outcome WHERE internship_id = $1`, [early]);
    expect(n).toBe(0);

    const stillAtSchool = await f.student(plp.organisationId);
    expect(
      onlyError(await t.gql(FOLLOW_UP, { id: stillAtSchool.id, input: { checkedOn: '2025-01-01', situation: 'UNKNOWN' } }, plp.token)).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'studentId' });
    expect(
      onlyError(await t.gql(FOLLOW_UP, { id: plpStudentIds[0], input: { checkedOn: '2024-09-01', situation: 'UNKNOWN' } }, plp.token)).extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.checkedOn' });
    expect(
      onlyError(await t.gql(FOLLOW_UP, { id: plpStudentIds[0], input: { checkedOn: '2025-01-01', situation: 'UNKNOWN' } }, pro.token)).extensions,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
  });

  it('records evaluations on werkprocessen and reads them back oldest first with who evaluated, to their own organisation only', async () => {
    const EVALUATE = `mutation ($id: ID!, $input: EvaluationInput!) { recordEvaluation(internshipId: $id, input: $input) { id evaluatedOn werkprocessen { werkproces progress } text evaluator { displayName } } }`;
    const id = internshipIds.going[1];
    const later = await t.gql(
      EVALUATE,
      { id, input: { evaluatedOn: '2025-03-01', werkprocessen: [{ werkproces: 'B1-K1-W1', progress: 'MASTERED' }], text: 'Werkt zelfstandig in de keuken' } },
      plp.token,
    );
    expect(later.errors).toBeUndefined();
    expect(later.data!.recordEvaluation).toMatchObject({
      evaluatedOn: '2025-03-01',
      text: 'Werkt zelfstandig in de keuken',
      evaluator: { displayName: expect.any(String) },
    });
    const earlier = await t.gql(
      EVALUATE,
      {
        id,
        input: {
          evaluatedOn: '2024-11-15',
          werkprocessen: [
            { werkproces: 'B1-K1-W1', progress: 'IN_PROGRESS' },
            { werkproces: 'B1-K1-W2', progress: 'NOT_STARTED' },
          ],
        },
      },
      plp.token,
    );
    expect(earlier.errors).toBeUndefined();

    const READ = `query ($id: ID!) { internship(id: $id) { evaluations { evaluatedOn werkprocessen { werkproces progress } text } } }`;
    expect((await t.gql(READ, { id }, plp.token)).data!.internship.evaluations).toEqual([
      {
        evaluatedOn: '2024-11-15',
        werkprocessen: [
          { werkproces: 'B1-K1-W1', progress: 'IN_PROGRESS' },
          { werkproces: 'B1-K1-W2', progress: 'NOT_STARTED' },
        ],
        text: null,
      },
      { evaluatedOn: '2025-03-01', werkprocessen: [{ werkproces: 'B1-K1-W1', progress: 'MASTERED' }], text: 'Werkt zelfstandig in de keuken' },
    ]);
    expect(onlyError(await t.gql(READ, { id }, pro.token)).extensions.code).toBe('NOT_FOUND');

    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM internship_evaluation WHERE internship_id = $1`, [id]))[0].n;
    const before = await count();
    const refused: Array<[object, string, string]> = [
      [{ evaluatedOn: '2024-08-01' }, 'BAD_USER_INPUT', 'input.evaluatedOn'], // before the start
      [{ evaluatedOn: '2099-01-01' }, 'BAD_USER_INPUT', 'input.evaluatedOn'],
      [{ evaluatedOn: '2025-01-01', werkprocessen: [{ werkproces: 'keuken', progress: 'MASTERED' }] }, 'BAD_USER_INPUT', 'input.werkprocessen[0].werkproces'],
      [{ evaluatedOn: '2025-01-01', text: 'x'.repeat(4001) }, 'BAD_USER_INPUT', 'input.text'],
    ];
    for (const [input, code, field] of refused) expect(onlyError(await t.gql(EVALUATE, { id, input }, plp.token)).extensions).toMatchObject({ code, field });
    expect(onlyError(await t.gql(EVALUATE, { id, input: { evaluatedOn: '2025-01-01' } }, pro.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'internshipId',
    });
    expect(await count()).toBe(before);
  });

  it('loads the results of a whole list of internships with one query per kind, not one per internship', async () => {
    const seen: string[] = [];
    const counter = { beforeQuery: (event: { query: string }) => void seen.push(event.query) };
    t.db.subscribers.push(counter as never);
    try {
      const res = await t.gql(
        `{ internships(first: 100) { edges { node { evaluations { evaluatedOn evaluator { displayName } } outcome { destination praktijkverklaringen { crebo } certificates { kind } }
             student { followUps { situation } } placement { employer { trackRecord { completed paidJobsOffered averageExperience } } } } } } }`,
        {},
        plp.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.internships.edges.length).toBe(25);
    } finally {
      t.db.subscribers.splice(t.db.subscribers.indexOf(counter as never), 1);
    }
    const touching = (table: string) => seen.filter((q) => new RegExp(`FROM "?${table}"?\\b`, 'i').test(q)).length;
    for (const table of ['internship_evaluation', 'internship_outcome', 'praktijkverklaring', 'certificate_award', 'follow_up', 'experience'])
      expect([table, touching(table)]).toEqual([table, 1]);
  });

  it('reads back an outcome, to its own organisation only', async () => {
    const Q = `query ($id: ID!) { internship(id: $id) { outcome { destination praktijkverklaringen { crebo werkprocessen } certificates { kind } } } }`;
    const mine = (await t.gql(Q, { id: internshipIds.completed[0] }, plp.token)).data!.internship.outcome;
    expect(mine).toEqual({
      destination: 'PAID_JOB_AT_EMPLOYER',
      praktijkverklaringen: [
        { crebo: '25254', werkprocessen: ['B1-K1-W1', 'B1-K1-W2'] },
        { crebo: '25371', werkprocessen: ['B1-K1-W1', 'B1-K1-W2'] },
      ],
      certificates: [{ kind: 'VCA' }],
    });
    expect(onlyError(await t.gql(Q, { id: internshipIds.completed[0] }, pro.token)).extensions.code).toBe('NOT_FOUND');
  });
});
