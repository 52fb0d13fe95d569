import {
  Audience,
  Certificate,
  EmployerKind,
  EmployerStatus,
  ExitProfile,
  InternshipStatus,
  PaidJobChance,
  PlacementType,
  Sector,
  StudentConstraint,
  SubSector,
  SupportLevel,
  TravelMode,
  Weekday,
  addDays,
} from '@stagebank/domain';
import type { Qualification } from '@stagebank/domain';
import fc from 'fast-check';
import { capacityByLevel } from '../site-supervision';
import { ExperienceCell, TrackRecordCell } from '../track-record';
import { Candidate, Criterion, MatchProfile, Period, Weights } from '../types';
import { OSS } from './fixtures';

/** Random profiles, placements and weights around Oss for the property tests. */
export const day = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays('2027-01-01', n));
export const some = <T>(values: readonly T[], maxLength = values.length) => fc.uniqueArray(fc.constantFrom(...values), { maxLength });
/** True one time in four: most generated placements pass a given limit, but every limit gets hit. */
export const rarely = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
export const mostly = rarely.map((b) => !b);
/** Schools that reserve placements; the third never does, so an asking school may hold no reservation at all. */
export const SCHOOLS = ['00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-a000-000000000003'];

export const near = fc.record({ latitude: fc.double({ min: 51.7, max: 51.83, noNaN: true }), longitude: fc.double({ min: 5.4, max: 5.65, noNaN: true }) });

const WERKPROCESSEN = ['B1-K1-W1', 'B1-K1-W2', 'B1-K2-W1', 'B1-K2-W2'];
/** A few diplomas, so that required ones are sometimes held (also at a higher level) and sometimes not. */
const QUALIFICATIONS: Qualification[] = [
  { crebo: '25498', level: 2, name: null },
  { crebo: '25498', level: 3, name: null },
  { crebo: '25254', level: 1, name: 'Assistent logistiek' },
  { crebo: null, level: null, name: 'Diploma Helpende' },
];

const cellArb: fc.Arbitrary<TrackRecordCell> = fc.record({
  audience: fc.constantFrom(...Object.values(Audience)),
  supportNeed: fc.constantFrom(...Object.values(SupportLevel)),
  completed: fc.integer({ min: 0, max: 6 }),
  endedEarly: fc.integer({ min: 0, max: 4 }),
  paidJobs: fc.integer({ min: 0, max: 2 }),
});

const experienceArb: fc.Arbitrary<ExperienceCell> = fc
  .record({
    audience: fc.constantFrom(...Object.values(Audience)),
    supportNeed: fc.option(fc.constantFrom(...Object.values(SupportLevel)), { nil: null }),
    count: fc.integer({ min: 1, max: 5 }),
    mean: fc.double({ min: 1, max: 5, noNaN: true }),
  })
  .map(({ mean, ...c }) => ({ ...c, sum: c.count * mean }));

const claimArb = fc.tuple(day(0, 200), fc.integer({ min: 0, max: 120 }), fc.constantFrom(...Object.values(InternshipStatus))).map(([s, len, status]) => ({
  startDate: s,
  endDate: addDays(s, len),
  status,
}));

export const profileArb: fc.Arbitrary<MatchProfile> = fc.record({
  audience: fc.constantFrom(...Object.values(Audience)),
  home: fc.constant(OSS),
  travelMode: fc.constantFrom(...Object.values(TravelMode)),
  maxTravelKm: fc.integer({ min: 4, max: 20 }),
  maxTravelMinutes: fc.option(fc.integer({ min: 20, max: 90 }), { nil: null }),
  sectorPreferences: some(Object.values(Sector), 3),
  interests: some(['koken', 'dieren', 'helpen', 'vakken', 'auto', 'magazijn'], 3),
  supportNeed: fc.constantFrom(...Object.values(SupportLevel)),
  constraints: some(Object.values(StudentConstraint), 1),
  certificates: some(Object.values(Certificate), 2),
  finalYear: fc.boolean(),
  targetCrebo: fc.option(fc.constantFrom('25254', '25251'), { nil: null }),
  targetWerkprocessen: some(WERKPROCESSEN, 3),
  availableDays: some(Object.values(Weekday), 5),
  qualifications: some(QUALIFICATIONS, 2),
  exitProfile: fc.option(fc.constantFrom(...Object.values(ExitProfile)), { nil: null }),
  organisationId: fc.option(fc.constantFrom(...SCHOOLS), { nil: null }),
});

/** Reservations that end around the test period's start, so the day matters; mostly none. */
export const reservationArb = fc.option(
  fc.record({ organisationId: fc.constantFrom(SCHOOLS[0], SCHOOLS[1]), organisationName: fc.constantFrom('Praktijkschool Oss', 'De Kaap'), until: day(0, 60) }),
  { nil: null, freq: 2 },
);

/** Recognitions that start or end around the test period's start, so validity at period.from matters. */
export const recognitionArb = fc
  .record({
    crebos: some(['25254', '25251', '25253']).filter((c) => c.length > 0),
    validFrom: day(-400, 60),
    validUntil: fc.option(day(0, 90), { nil: null }),
  })
  .map((r) => ({ ...r, validUntil: r.validUntil !== null && r.validUntil < r.validFrom ? r.validFrom : r.validUntil }));

let counter = 0;
export const candidateArb: fc.Arbitrary<Candidate> = fc
  .record({
    title: fc.constantFrom('Vakkenvuller', 'Medewerker keuken', 'Dierverzorger', 'Magazijnmedewerker'),
    tasks: some(['koken', 'dieren voeren', 'bewoners helpen', 'vakken vullen', 'auto wassen'], 3),
    sector: fc.constantFrom(...Object.values(Sector)),
    employerSectors: some(Object.values(Sector), 2),
    tags: some(Object.values(SubSector), 2),
    type: fc.constantFrom(...Object.values(PlacementType)),
    seats: fc.integer({ min: 0, max: 3 }),
    claims: fc.array(claimArb, { maxLength: 3 }),
    otherSiteClaims: fc.array(claimArb, { maxLength: 3 }),
    supervisors: fc.array(fc.record({ intensity: fc.constantFrom(...Object.values(SupportLevel)), maxStudents: fc.integer({ min: 0, max: 3 }) }), {
      maxLength: 3,
    }),
    employerKind: fc.constantFrom(...Object.values(EmployerKind)),
    requiredQualifications: rarely.chain((b): fc.Arbitrary<Qualification[]> => (b ? some(QUALIFICATIONS, 1) : fc.constant([]))),
    crebo: fc.option(fc.constantFrom('25254', '25251'), { nil: null }),
    werkprocessen: some(WERKPROCESSEN, 3),
    trackRecord: fc.array(cellArb, { maxLength: 4 }),
    days: some(Object.values(Weekday), 4),
    weekendWork: rarely,
    customerContact: rarely,
    quietWorkplace: mostly,
    wheelchairAccessible: mostly,
    wheelchairVerifiedOn: fc.option(day(-400, 0), { nil: null }),
    requiredCertificates: rarely.chain((b): fc.Arbitrary<Certificate[]> => (b ? some(Object.values(Certificate), 1) : fc.constant([]))),
    audiences: mostly.chain((b) => (b ? fc.constant(Object.values(Audience)) : some(Object.values(Audience)))),
    audiencesVerifiedOn: fc.option(day(-400, 0), { nil: null }),
    supervisionLevel: fc.constantFrom(...Object.values(SupportLevel)),
    schoolSupervisorRequired: fc.boolean(),
    allowancePaid: fc.boolean(),
    paidJobChance: fc.constantFrom(...Object.values(PaidJobChance)),
    availableFrom: day(-60, 60),
    availableUntil: fc.option(day(60, 400), { nil: null }),
    employerStatus: fc.constantFrom(EmployerStatus.ACTIVE, EmployerStatus.ACTIVE, EmployerStatus.PAUSED, EmployerStatus.STOPPED),
    pausedUntil: day(0, 90),
    recognitions: fc.array(recognitionArb, { maxLength: 2 }),
    borisFlag: fc.boolean(),
    trainedSupervisors: fc.integer({ min: 0, max: 2 }),
    verifiedTrainedSupervisors: fc.integer({ min: 0, max: 2 }),
    experiences: fc.array(experienceArb, { maxLength: 3 }),
    location: near,
    reservation: reservationArb,
  })
  .map(({ otherSiteClaims, supervisors, ...c }) => {
    const id = `00000000-0000-4000-9000-${String(counter++).padStart(12, '0')}`;
    const supervisorCapacity = capacityByLevel(supervisors);
    return {
      ...c,
      placementId: id,
      employerId: id,
      siteId: id,
      supervisorCapacity,
      supervisionCapacity: supervisorCapacity[0],
      siteClaims: [...c.claims, ...otherSiteClaims],
    };
  });

export const period: Period = { from: '2027-02-01', to: '2027-05-31' };
export const weightsArb: fc.Arbitrary<Weights> = fc
  .record(Object.fromEntries(Object.values(Criterion).map((c) => [c, fc.integer({ min: 0, max: 100 })])) as Record<Criterion, fc.Arbitrary<number>>)
  .filter((w) => Object.values(w).some((x) => x > 0));
