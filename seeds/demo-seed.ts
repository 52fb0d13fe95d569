import { fakerNL as faker } from '@faker-js/faker';
import {
  SUPPORT_RANK,
  AUDIENCE_OF_KIND,
  ENROLLING_KINDS,
  Audience,
  Certificate,
  Demand,
  EmployerKind,
  EmployerStatus,
  ExitProfile,
  InternshipStatus,
  LabourMarketRegion,
  MembershipRole,
  OrganisationKind,
  PaidJobChance,
  PlacementType,
  Sector,
  SizeClass,
  StudentConstraint,
  SupervisorRole,
  SupportLevel,
  TravelMode,
  Weekday,
  addDays,
  overlappingClaims,
  todayIso,
} from '@stagebank/domain';
import {
  BorisFlagEntity,
  EmployerEntity,
  InternshipEntity,
  MembershipEntity,
  OrganisationEntity,
  PlacementEntity,
  RecognitionEntity,
  SiteEntity,
  StudentProfileEntity,
  SupervisorEntity,
  UserEntity,
} from '@stagebank/persistence';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Point } from 'typeorm';
import { CATALOGUE, SectorTemplate } from './catalogue';
import { Place, noordoostBrabantPlaces } from './places';

/** Seeded, so every run (and every test) sees the same demo network. */
const SEED = 2026;
export const DEMO_EMPLOYER_COUNT = 320;

type Row<E> = Partial<E> & { id: string };

const ORGANISATIONS: Array<{ key: string; name: string; kind: OrganisationKind; students: number }> = [
  { key: 'pro-oss', name: 'Praktijkschool Maasland (Oss)', kind: OrganisationKind.PRO_SCHOOL, students: 40 },
  { key: 'pro-bosch', name: "Praktijkschool De Dommel ('s-Hertogenbosch)", kind: OrganisationKind.PRO_SCHOOL, students: 40 },
  { key: 'pro-uden', name: 'Praktijkcollege Uden', kind: OrganisationKind.PRO_SCHOOL, students: 30 },
  { key: 'vso-vught', name: 'VSO De Brabantse Poort (Vught)', kind: OrganisationKind.VSO_SCHOOL, students: 30 },
  { key: 'vso-veghel', name: 'VSO Het Kompas (Veghel)', kind: OrganisationKind.VSO_SCHOOL, students: 25 },
  { key: 'plp', name: 'Praktijkleren Plus Maas en Meierij', kind: OrganisationKind.PLP_INITIATIVE, students: 20 },
  { key: 'sbb', name: 'SBB regio Zuid', kind: OrganisationKind.SBB, students: 0 },
  { key: 'wsp', name: 'Werkgeversservicepunt Noordoost-Brabant', kind: OrganisationKind.MUNICIPALITY, students: 0 },
  { key: 'network', name: 'Stagebank netwerkbeheer', kind: OrganisationKind.OTHER, students: 0 },
];

/** Demo users: [email local part, name, memberships as organisation key and role]. One coach works for two schools. */
const USERS: Array<[string, string, Array<[string, MembershipRole]>]> = [
  ['coordinator.oss', 'Anouk de Vries', [['pro-oss', MembershipRole.COORDINATOR]]],
  [
    'coach.oss',
    'Jeroen Bakker',
    [
      ['pro-oss', MembershipRole.COACH],
      ['vso-vught', MembershipRole.COACH],
    ],
  ],
  ['admin.oss', 'Marieke Jansen', [['pro-oss', MembershipRole.SCHOOL_ADMIN]]],
  ['coordinator.bosch', 'Sanne van Dijk', [['pro-bosch', MembershipRole.COORDINATOR]]],
  ['coordinator.uden', 'Koen Smits', [['pro-uden', MembershipRole.COORDINATOR]]],
  ['coordinator.vught', 'Fatima El Amrani', [['vso-vught', MembershipRole.COORDINATOR]]],
  ['coordinator.veghel', 'Bram Verhoeven', [['vso-veghel', MembershipRole.COORDINATOR]]],
  ['praktijkopleider.plp', 'Ilse van den Heuvel', [['plp', MembershipRole.COORDINATOR]]],
  ['adviseur.sbb', 'Ruud Hendriks', [['sbb', MembershipRole.SBB_ADVISER]]],
  ['jobcoach.wsp', 'Naima Bouzid', [['wsp', MembershipRole.COORDINATOR]]],
  ['beheer', 'Netwerkbeheer Stagebank', [['network', MembershipRole.NETWORK_ADMIN]]],
];

const WEEKDAYS = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI];
/** What a name says of a kind of employer that is not a regular one: a day-activity centre is not a "leerwerkplaats". */
const KIND_SUFFIX: Record<EmployerKind, string> = {
  [EmployerKind.REGULAR]: '',
  [EmployerKind.LEARNING_WORK_COMPANY]: ' (leerwerkbedrijf)',
  [EmployerKind.SHELTERED_WORKSHOP]: ' (sw-bedrijf)',
  [EmployerKind.DAY_ACTIVITY_CENTRE]: ' (dagbesteding)',
  [EmployerKind.SCHOOL_LEARNING_CENTRE]: ' (leerwerkplaats school)',
};

/** The school year the demo internships run in: from 1 August of this year (or last year before August). */
function schoolYearStart(): string {
  const now = new Date();
  const year = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return `${year}-08-01`;
}

function jitter(place: Place, km: number): Point {
  const dLat = faker.number.float({ min: -km, max: km }) / 111;
  const dLon = faker.number.float({ min: -km, max: km }) / (111 * Math.cos((place.latitude * Math.PI) / 180));
  return { type: 'Point', coordinates: [round(place.longitude + dLon), round(place.latitude + dLat)] };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

function postcodeIn(place: Place): string {
  const digits = place.postcodeDigits + faker.number.int({ min: 0, max: 4 });
  return `${digits} ${faker.string.alpha({ length: 2, casing: 'upper', exclude: ['S'] })}`;
}

function pickPlace(places: Place[]): Place {
  return faker.helpers.weightedArrayElement(places.map((p) => ({ weight: Math.sqrt(p.population), value: p })));
}

async function insertAll<E extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<E>, rows: Array<Row<E>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + 500) as never)
      .execute();
  }
}

export interface DemoSummary {
  organisations: number;
  users: number;
  employers: number;
  sites: number;
  placements: number;
  students: number;
  internships: number;
}

/** Builds the demo network in memory; pure apart from the seeded random generator. */
export function buildDemoNetwork() {
  faker.seed(SEED);
  const uuid = () => faker.string.uuid();
  const places = noordoostBrabantPlaces();
  const yearStart = schoolYearStart();
  const yearEnd = addDays(`${Number(yearStart.slice(0, 4)) + 1}-08-01`, -32);

  const organisations: Array<Row<OrganisationEntity>> = ORGANISATIONS.map((o) => ({
    id: uuid(),
    name: o.name,
    kind: o.kind,
    region: LabourMarketRegion.NOORDOOST_BRABANT,
  }));
  const orgByKey = new Map(ORGANISATIONS.map((o, i) => [o.key, organisations[i]]));

  const users: Array<Row<UserEntity>> = [];
  const memberships: Array<Row<MembershipEntity>> = [];
  for (const [local, displayName, roles] of USERS) {
    const user = { id: uuid(), email: `${local}@demo.stagebank.nl`, displayName };
    users.push(user);
    for (const [key, role] of roles) memberships.push({ id: uuid(), userId: user.id, organisationId: orgByKey.get(key)!.id, role });
  }
  const sbbAdviser = users.find((u) => u.email!.startsWith('adviseur.sbb'))!;

  const employers: Array<Row<EmployerEntity>> = [];
  // Who recruited each employer (and so may hold its placements for itself): the schools and
  // initiatives in turn, without a draw, so the rest of the demo stays as it was.
  const recruiters = organisations.filter((o) => ENROLLING_KINDS.has(o.kind!));
  const sites: Array<Row<SiteEntity>> = [];
  const supervisors: Array<Row<SupervisorEntity>> = [];
  const placements: Array<Row<PlacementEntity>> = [];
  const recognitions: Array<Row<RecognitionEntity>> = [];
  const borisFlags: Array<Row<BorisFlagEntity>> = [];
  const usedKvk = new Set<string>();

  for (let n = 0; n < DEMO_EMPLOYER_COUNT; n++) {
    const template: SectorTemplate = faker.helpers.weightedArrayElement(CATALOGUE.map((t) => ({ weight: t.weight, value: t })));
    const kind = faker.helpers.weightedArrayElement([
      { weight: 73, value: EmployerKind.REGULAR },
      { weight: 12, value: EmployerKind.LEARNING_WORK_COMPANY },
      { weight: 6, value: EmployerKind.SHELTERED_WORKSHOP },
      { weight: 6, value: EmployerKind.DAY_ACTIVITY_CENTRE },
      { weight: 3, value: EmployerKind.SCHOOL_LEARNING_CENTRE },
    ]);
    const sizeClass = faker.helpers.weightedArrayElement([
      { weight: 60, value: SizeClass.SMALL },
      { weight: 30, value: SizeClass.MEDIUM },
      { weight: 10, value: SizeClass.LARGE },
    ]);
    const home = pickPlace(places);
    const employerName = faker.helpers.arrayElement(template.employerNames);
    const name = `${employerName} ${faker.person.lastName()}${KIND_SUFFIX[kind]}`;
    // Only placements this kind of employer has: no childcare assistant at a care centre.
    const ownPlacements = template.placements.filter((p) => !p.at || p.at.includes(employerName));
    let kvk: string | null = null;
    if (kind !== EmployerKind.SCHOOL_LEARNING_CENTRE) {
      do kvk = faker.string.numeric({ length: 8, allowLeadingZeros: false });
      while (usedKvk.has(kvk));
      usedKvk.add(kvk);
    }
    const status = faker.helpers.weightedArrayElement([
      { weight: 92, value: EmployerStatus.ACTIVE },
      { weight: 5, value: EmployerStatus.PAUSED },
      { weight: 3, value: EmployerStatus.STOPPED },
    ]);
    const placementSectors = ownPlacements.map((p) => p.sector ?? template.sector);
    const employer: Row<EmployerEntity> = {
      id: uuid(),
      kvkNumber: kvk,
      name,
      kind,
      sizeClass,
      sectors: [...new Set([template.sector, ...placementSectors])],
      tags: template.employerTags?.[employerName] ?? [],
      description: `${employerName} in ${home.name}.`,
      status,
      statusReason:
        status === EmployerStatus.PAUSED
          ? 'Tijdelijk geen nieuwe stagiairs (verbouwing)'
          : status === EmployerStatus.STOPPED
            ? 'Neemt geen stagiairs meer aan'
            : null,
      pausedUntil: status === EmployerStatus.PAUSED ? addDays(todayIso(), faker.number.int({ min: 14, max: 120 })) : null,
      lastVerifiedAt: faker.date.between({ from: '2024-09-01T00:00:00Z', to: '2026-09-01T00:00:00Z' }),
      createdByOrganisationId: recruiters[n % recruiters.length].id,
    };
    employers.push(employer);

    // A care group runs several restaurants: large employers get more sites.
    const siteCount =
      sizeClass === SizeClass.LARGE ? faker.number.int({ min: 2, max: 4 }) : sizeClass === SizeClass.MEDIUM ? faker.number.int({ min: 1, max: 2 }) : 1;
    for (let s = 0; s < siteCount; s++) {
      const place = s === 0 ? home : pickPlace(places);
      const site: Row<SiteEntity> = {
        id: uuid(),
        employerId: employer.id,
        name: siteCount > 1 ? `${name} ${place.name}` : name,
        street: faker.location.street(),
        houseNumber: String(faker.number.int({ min: 1, max: 250 })),
        postcode: postcodeIn(place),
        place: place.name,
        location: jitter(place, 1.5),
        wheelchairAccessible: faker.datatype.boolean({ probability: 0.45 }),
      };
      sites.push(site);
      const supervisorCount = faker.number.int({ min: 1, max: sizeClass === SizeClass.SMALL ? 2 : 3 });
      const siteSupervisorsFrom = supervisors.length;
      for (let v = 0; v < supervisorCount; v++) {
        const role = faker.helpers.weightedArrayElement([
          { weight: 4, value: SupervisorRole.WORK_SUPERVISOR },
          { weight: 3, value: SupervisorRole.WORKPLACE_TRAINER },
          { weight: 1, value: SupervisorRole.JOB_COACH },
        ]);
        const trained = role !== SupervisorRole.WORK_SUPERVISOR || faker.datatype.boolean({ probability: 0.3 });
        supervisors.push({
          id: uuid(),
          siteId: site.id,
          name: faker.person.fullName(),
          role,
          trained,
          training: trained ? faker.helpers.arrayElement(['Leermeestertraining SBB', 'Training praktijkopleider', 'Cursus werkbegeleiding']) : null,
          maxStudents: faker.number.int({ min: 1, max: 4 }),
          intensity: faker.helpers.arrayElement(Object.values(SupportLevel)),
        });
      }
      // A placement claims no more supervision than the site's most intensive supervisor gives.
      const highest = Math.max(...supervisors.slice(siteSupervisorsFrom).map((v) => SUPPORT_RANK[v.intensity as SupportLevel]));
      const levels = Object.values(SupportLevel).filter((l) => SUPPORT_RANK[l] <= highest);
      const offered = faker.helpers.arrayElements(ownPlacements, { min: 1, max: Math.min(3, ownPlacements.length) });
      for (const p of offered) {
        const type = faker.helpers.weightedArrayElement([
          { weight: 40, value: PlacementType.STAGE },
          { weight: 15, value: PlacementType.TASTER },
          { weight: 8, value: PlacementType.GROUP_STAGE },
          // Praktijkleren works toward a crebo: only placements that name one.
          { weight: 10, value: kind === EmployerKind.REGULAR && p.crebo ? PlacementType.PRAKTIJKLEREN : PlacementType.LEARNING_WORK_PLACE },
          { weight: 8, value: p.crebo ? PlacementType.PRAKTIJKLEREN : PlacementType.STAGE },
          { weight: 5, value: kind === EmployerKind.DAY_ACTIVITY_CENTRE ? PlacementType.DAY_ACTIVITY : PlacementType.STAGE },
          { weight: 5, value: kind === EmployerKind.SHELTERED_WORKSHOP ? PlacementType.SHELTERED_WORK : PlacementType.STAGE },
          { weight: 4, value: PlacementType.PAID_JOB },
        ]);
        const group = type === PlacementType.GROUP_STAGE;
        const days = faker.helpers
          .arrayElements(WEEKDAYS, { min: type === PlacementType.TASTER ? 1 : 2, max: 4 })
          .sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
        placements.push({
          id: uuid(),
          siteId: site.id,
          title: p.title,
          description: `${p.title} bij ${name}: ${p.tasks.join(', ')}.`,
          tasks: p.tasks,
          sector: p.sector ?? template.sector,
          tags: p.tags ?? [],
          type,
          seats: group ? faker.number.int({ min: 5, max: 10 }) : faker.number.int({ min: 1, max: 4 }),
          days: p.weekend ? [...days, Weekday.SAT] : days,
          hoursPerWeek: Math.min(40, days.length * faker.helpers.arrayElement([4, 6, 8])),
          weekendWork: p.weekend ?? false,
          holidayWork: faker.datatype.boolean({ probability: 0.2 }),
          physicalDemand: faker.helpers.arrayElement(Object.values(Demand)),
          mentalDemand: faker.helpers.arrayElement([Demand.LOW, Demand.MEDIUM]),
          customerContact: p.customerContact ?? false,
          quietWorkplace: p.quiet ?? false,
          requiredCertificates: p.certificates ?? [],
          allowancePaid: faker.datatype.boolean({ probability: 0.35 }),
          paidJobChance: type === PlacementType.PAID_JOB ? PaidJobChance.LIKELY : faker.helpers.arrayElement(Object.values(PaidJobChance)),
          audiences: faker.helpers.arrayElements(Object.values(Audience), { min: 1, max: 3 }),
          supervisionLevel: faker.helpers.arrayElement(levels),
          schoolSupervisorRequired: group,
          crebo: p.crebo ?? null,
          werkprocessen: p.werkprocessen ?? [],
          availableFrom: yearStart,
          availableUntil: faker.datatype.boolean({ probability: 0.3 }) ? yearEnd : null,
          lastVerifiedAt: employer.lastVerifiedAt,
        });
      }
    }

    const crebos = [...new Set(ownPlacements.map((p) => p.crebo).filter((c): c is string => !!c))];
    if (kind !== EmployerKind.SCHOOL_LEARNING_CENTRE && faker.datatype.boolean({ probability: 0.45 })) {
      const validFrom = faker.date.between({ from: '2022-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }).toISOString().slice(0, 10);
      recognitions.push({
        id: uuid(),
        employerId: employer.id,
        leerbedrijfId: faker.string.numeric(9),
        creboCodes: crebos.length ? crebos : ['25251'],
        validFrom,
        validUntil: addDays(validFrom, 4 * 365),
        setByUserId: sbbAdviser.id,
        setAt: new Date(`${validFrom}T09:00:00Z`),
      });
      if (faker.datatype.boolean({ probability: 0.5 })) {
        borisFlags.push({
          id: uuid(),
          employerId: employer.id,
          setByUserId: sbbAdviser.id,
          setAt: new Date(`${validFrom}T09:30:00Z`),
          note: 'Open voor PrO- en VSO-leerlingen',
        });
      }
    }
  }

  const students: Array<Row<StudentProfileEntity>> = [];
  const internships: Array<Row<InternshipEntity>> = [];
  const allSectors = Object.values(Sector);
  const openPlacements = placements.filter(
    (p) => employers.find((e) => e.id === sites.find((s) => s.id === p.siteId)!.employerId)!.status === EmployerStatus.ACTIVE,
  );
  for (const spec of ORGANISATIONS.filter((o) => o.students > 0)) {
    const org = orgByKey.get(spec.key)!;
    const audience = AUDIENCE_OF_KIND[spec.kind]!;
    const coaches = memberships.filter((m) => m.organisationId === org.id).map((m) => m.userId!);
    const prefix = spec.key.toUpperCase().replace('-', '');
    for (let i = 1; i <= spec.students; i++) {
      const place = pickPlace(places);
      const travelMode = faker.helpers.weightedArrayElement([
        { weight: 40, value: TravelMode.BIKE },
        { weight: 10, value: TravelMode.E_BIKE },
        { weight: 25, value: TravelMode.PUBLIC_TRANSPORT },
        { weight: 15, value: TravelMode.TAXI },
        { weight: 5, value: TravelMode.WALK },
        { weight: 5, value: TravelMode.CAR },
      ]);
      const student: Row<StudentProfileEntity> = {
        id: uuid(),
        organisationId: org.id,
        code: `${prefix}-${String(i).padStart(3, '0')}`,
        homePostcode: postcodeIn(place),
        homePlace: place.name,
        homeLocation: jitter(place, 1),
        travelMode,
        maxTravelKm:
          travelMode === TravelMode.WALK
            ? 2
            : travelMode === TravelMode.BIKE
              ? faker.helpers.arrayElement([5, 8, 10])
              : faker.helpers.arrayElement([10, 15, 20, 30]),
        maxTravelMinutes: faker.datatype.boolean({ probability: 0.4 }) ? faker.helpers.arrayElement([20, 30, 45]) : null,
        sectorPreferences: faker.helpers.arrayElements(allSectors, { min: 1, max: 3 }),
        interests: faker.helpers.arrayElements(
          ['dieren', 'buiten werken', 'koken', "auto's", 'mensen helpen', 'opruimen', 'computers', 'sport', 'bouwen', 'winkel'],
          { min: 1, max: 3 },
        ),
        supportNeed: faker.helpers.weightedArrayElement([
          { weight: 3, value: SupportLevel.LIGHT },
          { weight: 4, value: SupportLevel.MODERATE },
          { weight: 2, value: SupportLevel.INTENSIVE },
        ]),
        constraints: faker.helpers.arrayElements(Object.values(StudentConstraint), { min: 0, max: 1 }),
        certificates: faker.helpers.arrayElements([Certificate.VCA, Certificate.BHV, Certificate.HACCP, Certificate.BASIC_CLEANING], { min: 0, max: 1 }),
        exitProfile: faker.helpers.arrayElement(
          spec.kind === OrganisationKind.PLP_INITIATIVE ? [ExitProfile.LABOUR_MARKET, ExitProfile.SHELTERED_WORK] : Object.values(ExitProfile),
        ),
        finalYear: faker.datatype.boolean({ probability: 0.35 }),
        targetCrebo: faker.helpers.maybe(() => faker.helpers.arrayElement(['25254', '25251', '25253', '25371']), { probability: 0.3 }) ?? null,
        targetWerkprocessen: [],
        availableDays: faker.helpers.arrayElements(WEEKDAYS, { min: 2, max: 4 }),
        availableFrom: yearStart,
      };
      students.push(student);

      // About half the students are placed; taken seats are respected.
      if (faker.datatype.boolean({ probability: 0.5 })) {
        const candidates = openPlacements.filter((p) => p.audiences!.includes(audience));
        const placement = faker.helpers.arrayElement(candidates);
        const startDate = addDays(yearStart, faker.number.int({ min: 30, max: 120 }));
        const endDate = addDays(startDate, faker.helpers.arrayElement([42, 120, 200]));
        const claims = internships.filter((x) => x.placementId === placement.id) as InternshipEntity[];
        if (overlappingClaims(claims, startDate, endDate).length < placement.seats!) {
          internships.push({
            id: uuid(),
            placementId: placement.id,
            studentId: student.id,
            organisationId: org.id,
            coachUserId: faker.helpers.arrayElement(coaches),
            startDate,
            endDate,
            status: endDate < todayIso() ? InternshipStatus.COMPLETED : startDate <= todayIso() ? InternshipStatus.ACTIVE : InternshipStatus.AGREED,
          });
        }
      }
    }
  }
  return { organisations, users, memberships, employers, sites, supervisors, placements, recognitions, borisFlags, students, internships };
}

/** Loads the demo network in one transaction; returns null when the database already holds organisations. */
export async function seedDemoIfEmpty(dataSource: DataSource): Promise<string | null> {
  if ((await dataSource.getRepository(OrganisationEntity).count()) > 0) return null;
  const demo = buildDemoNetwork();
  await dataSource.transaction(async (tx) => {
    await insertAll(tx, OrganisationEntity, demo.organisations);
    await insertAll(tx, UserEntity, demo.users);
    await insertAll(tx, MembershipEntity, demo.memberships);
    await insertAll(tx, EmployerEntity, demo.employers);
    await insertAll(tx, SiteEntity, demo.sites);
    await insertAll(tx, SupervisorEntity, demo.supervisors);
    await insertAll(tx, PlacementEntity, demo.placements);
    await insertAll(tx, RecognitionEntity, demo.recognitions);
    await insertAll(tx, BorisFlagEntity, demo.borisFlags);
    await insertAll(tx, StudentProfileEntity, demo.students);
    await insertAll(tx, InternshipEntity, demo.internships);
  });
  const counts: DemoSummary = {
    organisations: demo.organisations.length,
    users: demo.users.length,
    employers: demo.employers.length,
    sites: demo.sites.length,
    placements: demo.placements.length,
    students: demo.students.length,
    internships: demo.internships.length,
  };
  return Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}
