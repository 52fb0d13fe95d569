import {
  Audience,
  Certificate,
  EmployerStatus,
  FlagSource,
  PaidJobChance,
  Sector,
  StudentConstraint,
  SubSector,
  SupportLevel,
  VerifiableFlag,
  Weekday,
} from '@stagebank/domain';
import fc from 'fast-check';
import { assess } from '../rank';
import { Candidate, Criterion, HardLimit, MatchProfile, Sentence } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { count, date, decimal, km, list, NOUNS } from '../wording';
import { broken } from './sentence-rules';
import { candidateArb, period, profileArb } from './arbitraries';
import { OSS, candidate, eastOf, profile, takenSeat } from './fixtures';

const options = { period, weights: DEFAULT_WEIGHTS };
/** Profiles and placements chosen to reach every template and every singular/plural branch. */
function edgeCases(): Array<[MatchProfile, Candidate]> {
  const cases: Array<[MatchProfile, Candidate]> = [];
  const p = profile({ sectorPreferences: [Sector.GREEN, Sector.ICT], interests: ['dieren', 'koken'], availableDays: [Weekday.MON, Weekday.TUE] });
  for (const seats of [0, 1, 2, 3]) cases.push([p, candidate({ seats, claims: [takenSeat(), takenSeat(), takenSeat()].slice(0, seats) })]);
  for (const days of [[Weekday.MON], [Weekday.FRI], [Weekday.MON, Weekday.FRI], []]) cases.push([p, candidate({ days })]);
  for (const trained of [0, 1, 2])
    for (const capacity of [0, 1, 2, 3]) cases.push([p, candidate({ trainedSupervisors: trained, supervisionCapacity: capacity })]);
  const experiences = (count: number, audience = Audience.PRO, supportNeed: SupportLevel | null = null) => ({
    audience,
    supportNeed,
    count,
    sum: count * 3.96,
  });
  for (const n of [1, 2, 3]) cases.push([p, candidate({ experiences: [experiences(n)] })]);
  for (const other of [1, 2]) cases.push([p, candidate({ experiences: [experiences(3), experiences(other, Audience.VSO)] })]);
  cases.push([p, candidate({ experiences: [experiences(1, Audience.PRO, SupportLevel.INTENSIVE)] })]);
  const cell = (completed: number, endedEarly: number, paidJobs: number) => ({
    audience: Audience.PRO,
    supportNeed: SupportLevel.MODERATE,
    completed,
    endedEarly,
    paidJobs,
  });
  for (const [completed, endedEarly, paidJobs] of [
    [0, 0, 0],
    [1, 0, 0],
    [2, 0, 0],
    [0, 5, 0],
    [1, 4, 1],
    [5, 1, 2],
  ])
    for (const audience of Object.values(Audience))
      cases.push([profile({ audience }), candidate({ trackRecord: [{ ...cell(completed, endedEarly, paidJobs), audience }] })]);
  cases.push([p, candidate({ title: 'Medewerker kinderboerderij', tasks: ['dieren voeren', 'keuken schoonmaken'] })]);
  cases.push([p, candidate({ title: 'Tuincentrum', sector: Sector.RETAIL, tags: [SubSector.GARDEN_CENTRE] })]);
  cases.push([p, candidate({ sector: Sector.ADMINISTRATION, employerSectors: [Sector.ADMINISTRATION] })]);
  cases.push([p, candidate({ sector: Sector.SPORT, employerSectors: [Sector.SPORT] })]);
  cases.push([p, candidate({ sector: Sector.HOSPITALITY, employerSectors: [Sector.GREEN] })]);
  cases.push([profile({ interests: ['leuk werk'] }), candidate()]);
  cases.push([profile({ sectorPreferences: [] }), candidate()]);
  for (const required of [
    [Certificate.VCA],
    [Certificate.FORKLIFT, Certificate.DRIVING_LICENCE_B],
    [Certificate.BASIC_CLEANING, Certificate.HACCP, Certificate.EHBO],
  ]) {
    cases.push([p, candidate({ requiredCertificates: required })]);
  }
  for (const audience of Object.values(Audience)) cases.push([profile({ audience }), candidate({ audiences: [] })]);
  cases.push([p, candidate({ employerStatus: EmployerStatus.PAUSED, pausedUntil: '2027-02-14' })]);
  cases.push([p, candidate({ employerStatus: EmployerStatus.STOPPED })]);
  const reservation = { organisationId: 'school-a', organisationName: 'Praktijkschool De Rijn', until: '2027-03-01' };
  cases.push([profile({ organisationId: 'school-b' }), candidate({ reservation })]);
  cases.push([profile({ organisationId: 'school-a' }), candidate({ reservation })]);
  cases.push([p, candidate({ availableFrom: '2027-03-01' })]);
  cases.push([p, candidate({ availableUntil: '2027-03-31' })]);
  cases.push([profile({ maxTravelKm: 7.5, maxTravelMinutes: 1 }), candidate({ location: eastOf(OSS, 9.43) })]);
  cases.push([
    profile({ supportNeed: SupportLevel.INTENSIVE, constraints: Object.values(StudentConstraint) }),
    candidate({ supervisionLevel: SupportLevel.LIGHT, weekendWork: true, customerContact: true, wheelchairAccessible: false }),
  ]);
  cases.push([profile({ supportNeed: SupportLevel.INTENSIVE }), candidate({ supervisionLevel: SupportLevel.LIGHT, schoolSupervisorRequired: true })]);
  cases.push([profile({ supportNeed: SupportLevel.LIGHT }), candidate({ supervisionLevel: SupportLevel.INTENSIVE })]);
  for (const paidJobChance of Object.values(PaidJobChance)) cases.push([profile({ finalYear: true }), candidate({ paidJobChance, allowancePaid: true })]);
  const recognitions = [{ crebos: ['25254'], validFrom: '2020-01-01', validUntil: null }];
  for (const targetCrebo of [null, '25254', '25251']) {
    for (const c of [candidate({ recognitions }), candidate({ borisFlag: true }), candidate({ recognitions, borisFlag: true }), candidate()])
      cases.push([profile({ targetCrebo }), c]);
  }
  for (const audience of Object.values(Audience))
    for (const verifiedOn of [null, '2026-11-03'])
      for (const [trained, verified] of [
        [1, 0],
        [1, 1],
        [2, 1],
        [2, 2],
      ])
        cases.push([
          profile({ audience, constraints: [StudentConstraint.WHEELCHAIR] }),
          candidate({ audiencesVerifiedOn: verifiedOn, wheelchairVerifiedOn: verifiedOn, trainedSupervisors: trained, verifiedTrainedSupervisors: verified }),
        ]);
  return cases;
}

const sentencesOf = (p: MatchProfile, c: Candidate): Array<{ key: string; s: Sentence }> => {
  const a = assess(p, c, options);
  return a.excluded
    ? a.exclusions.map((e) => ({ key: e.limit, s: e }))
    : [
        ...a.breakdown.map((l) => ({ key: l.criterion, s: l })),
        ...a.flagNotes.map((n) => ({ key: `${n.flag}_${n.source}`, s: n })),
        ...a.notes.map((n) => ({ key: 'NOTE', s: n })),
      ];
};

describe('explanation wording', () => {
  it('formats numbers, counts, dates and lists the Dutch and the English way', () => {
    expect(count(1, NOUNS.seat, 'nl')).toBe('1 plek');
    expect(count(2, NOUNS.student, 'nl')).toBe('2 leerlingen');
    expect(count(1, NOUNS.student, 'en')).toBe('1 student');
    expect(count(0, NOUNS.seat, 'en')).toBe('0 seats');
    expect(km(9.43712, 'nl')).toBe('9,4 km');
    expect(km(9.43712, 'en')).toBe('9.4 km');
    expect(km(12.04, 'nl')).toBe('12 km');
    expect(decimal(3.96, 'nl')).toBe('4');
    expect(date('2027-01-14', 'nl')).toBe('14 januari 2027');
    expect(date('2027-01-14', 'en')).toBe('14 January 2027');
    expect(list(['a', 'b', 'c'], 'nl')).toBe('a, b en c');
    expect(list(['a', 'b'], 'en')).toBe('a and b');
  });

  it('catches what it should (the rules themselves)', () => {
    expect(broken('Ruimte voor 1 extra leerling(en).', 'nl')).toContain('has a "(en)"/"(s)" plural');
    expect(broken('Alle 1 plekken zijn bezet.', 'nl').length).toBeGreaterThan(0);
    expect(broken('Op 9.4 km.', 'nl')).toContain('has a decimal point in Dutch');
    expect(broken('Tot 2027-01-14.', 'nl')).toContain('has an ISO date');
    expect(broken('Niet voor PRO-leerlingen.', 'nl')).toContain('writes PRO for PrO');
    expect(broken('meer begeleiding.', 'nl')).toContain('starts without a capital');
    expect(broken('Er zijn 2 plek.', 'nl')).toContain('a plural count with singular "plek"');
    expect(broken('Open tot 14 januari 2027.', 'nl')).toContain('"tot" a day without "en met"');
  });

  it('every template, in both languages, keeps every rule', () => {
    const seen = new Set<string>();
    const failures: string[] = [];
    const check = (p: MatchProfile, c: Candidate) => {
      for (const { key, s } of sentencesOf(p, c)) {
        seen.add(key);
        for (const lang of ['nl', 'en'] as const) for (const problem of broken(s[lang], lang)) failures.push(`${key} ${lang}: "${s[lang]}" ${problem}`);
      }
    };
    for (const [p, c] of edgeCases()) check(p, c);
    fc.assert(
      fc.property(profileArb, candidateArb, (p, c) => check(p, c)),
      { numRuns: 500 },
    );
    expect([...new Set(failures)]).toEqual([]);
    // Every criterion and every hard limit was reached, so every template was read.
    for (const key of [...Object.values(Criterion), ...Object.values(HardLimit), 'NOTE']) expect(seen).toContain(key);
    for (const flag of Object.values(VerifiableFlag)) for (const source of Object.values(FlagSource)) expect(seen).toContain(`${flag}_${source}`);
  });

  it('writes PrO, not PRO, and names PLP participants', () => {
    const pro = assess(profile({ audience: Audience.PRO }), candidate({ audiences: [] }), options);
    const plp = assess(profile({ audience: Audience.PLP }), candidate({ audiences: [] }), options);
    expect(pro.excluded && pro.exclusions[0].nl).toBe('De plek staat niet open voor PrO-leerlingen.');
    expect(plp.excluded && plp.exclusions[0].en).toBe('The placement is not open to PLP participants.');
  });

  it('writes inclusive end days as "tot en met" with the date written out', () => {
    const paused = assess(profile(), candidate({ employerStatus: EmployerStatus.PAUSED, pausedUntil: '2027-02-14' }), options);
    expect(paused.excluded && paused.exclusions[0].nl).toBe('De werkgever neemt tot en met 14 februari 2027 geen nieuwe stagiairs aan.');
  });

  it('says a reserved placement is held for another organisation, and tells the reserving one until when', () => {
    const reservation = { organisationId: 'school-a', organisationName: 'Praktijkschool De Rijn', until: '2027-03-01' };
    const other = assess(profile({ organisationId: 'school-b' }), candidate({ reservation }), options);
    expect(other.excluded && other.exclusions.map((e) => e.nl)).toEqual(['De plek is tot en met 1 maart 2027 gereserveerd voor Praktijkschool De Rijn.']);
    const own = assess(profile({ organisationId: 'school-a' }), candidate({ reservation }), options);
    expect(!own.excluded && own.notes.map((n) => n.nl)).toEqual(['Gereserveerd voor jullie tot en met 1 maart 2027; daarna staat de plek open voor iedereen.']);
    // A reservation that ended before the period starts leaves the placement open to all, with nothing to say.
    const ended = assess(profile({ organisationId: 'school-b' }), candidate({ reservation: { ...reservation, until: '2027-01-31' } }), options);
    expect(!ended.excluded && ended.notes).toEqual([]);
  });
});
