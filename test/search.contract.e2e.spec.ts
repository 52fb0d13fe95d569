import {
  Audience,
  EmployerKind,
  EmployerStatus,
  MembershipRole,
  PlacementType,
  Sector,
  SubSector,
  SupervisorRole,
  SupportLevel,
  addDays,
  todayIso,
} from '@stagebank/domain';
import { haversineKm } from '@stagebank/matching';
import { BorisFlagEntity, EmployerEntity, OrganisationEntity, PlacementEntity, RecognitionEntity, SupervisorEntity } from '@stagebank/persistence';
import { MeilisearchIndexes, SearchIndexName, toPlacementDocument } from '@stagebank/search';
import { APP_CONFIG } from '../apps/api/src/common/config.provider';
import { MEILISEARCH } from '../apps/api/src/search/search-indexer';
import { SearchCalendar } from '../apps/api/src/search/search-calendar';
import { LoaderRepository } from '../apps/api/src/graphql/loader.repository';
import { Factory, Member } from './support/factories';
import { searchCaughtUp } from './support/search';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/**
 * One contract, two engines: every case runs against the real Meilisearch and against the
 * PostgreSQL fallback, on the same fixtures in Zeeland (far from the demo data in Brabant),
 * with the expected results worked out by hand below.
 */

const MIDDELBURG = { latitude: 51.4988, longitude: 3.6109 };
const MIDDELBURG_EAST = { latitude: 51.5, longitude: 3.62 };
const VLISSINGEN = { latitude: 51.4426, longitude: 3.5736 };
const VLISSINGEN_BOULEVARD = { latitude: 51.447, longitude: 3.58 };
const ARNEMUIDEN = { latitude: 51.5019, longitude: 3.6747 };
const GOES = { latitude: 51.5044, longitude: 3.8889 };
const AREA = { ...MIDDELBURG, radiusKm: 25 };

const at = (p: { latitude: number; longitude: number }, place: string) => ({
  place,
  location: { type: 'Point' as const, coordinates: [p.longitude, p.latitude] },
});

type Key = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7' | 'P8' | 'P9' | 'P10';
type EmployerKey = 'E1' | 'E2' | 'E3' | 'E4' | 'E5' | 'E6';

interface Fixtures {
  placements: Record<Key, string>;
  employers: Record<EmployerKey, string>;
  goesSite: string;
  coordinates: Record<string, { latitude: number; longitude: number }>;
}

let fixtures: Fixtures | null = null;

/** Brouwershaven, 30 km from Middelburg: outside AREA, so the tag fixtures leave every count above alone. */
const BROUWERSHAVEN = { latitude: 51.727, longitude: 3.912 };
const TAG_AREA = { ...BROUWERSHAVEN, radiusKm: 3 };

interface TagFixtures {
  /** The garden centre carries the tag as an employer; its placement has no tags of its own. */
  gardenCentre: { employer: string; placement: string };
  /** A supermarket without tags whose fresh-food placement is tagged as an in-store bakery; and its shelf stacker, untagged. */
  supermarket: { employer: string; bakery: string; shelves: string };
}
let tagFixtures: TagFixtures | null = null;

async function createTagFixtures(f: Factory): Promise<TagFixtures> {
  const garden = await f.employer(
    { name: 'Van Dam Brouwershaven', sectors: [Sector.RETAIL], tags: [SubSector.GARDEN_CENTRE] },
    at(BROUWERSHAVEN, 'Brouwershaven'),
  );
  const shop = await f.employer({ name: 'Supermarkt De Haven', sectors: [Sector.RETAIL] }, at(BROUWERSHAVEN, 'Brouwershaven'));
  return {
    gardenCentre: {
      employer: garden.employer.id,
      placement: (await f.placement(garden.site.id, { title: 'Medewerker verkoop', sector: Sector.RETAIL, tasks: ['klanten helpen', 'kassa'] })).id,
    },
    supermarket: {
      employer: shop.employer.id,
      bakery: (await f.placement(shop.site.id, { title: 'Medewerker versafdeling', tasks: ['broodjes afbakken'], tags: [SubSector.IN_STORE_BAKERY] })).id,
      shelves: (await f.placement(shop.site.id, { title: 'Vakkenvuller', tasks: ['vakken vullen'] })).id,
    },
  };
}

async function createFixtures(t: TestApp, f: Factory, adviser: Member): Promise<Fixtures> {
  const coordinates: Fixtures['coordinates'] = {};
  const place = async (key: Key, siteId: string, point: { latitude: number; longitude: number }, values: Parameters<Factory['placement']>[1]) => {
    coordinates[key] = point;
    return (await f.placement(siteId, values)).id;
  };
  const e1 = await f.employer(
    { name: 'Bakkerij De Zeeuwse Bolus', sectors: [Sector.BAKERY_FOOD, Sector.RETAIL] },
    { ...at(MIDDELBURG, 'Middelburg'), postcode: '4331 AJ' },
  );
  const e2 = await f.employer({ name: 'Hoveniersbedrijf Walcheren Groen', sectors: [Sector.GREEN] }, at(VLISSINGEN, 'Vlissingen'));
  const e3 = await f.employer(
    { name: 'Distributiecentrum Arnemuiden', kind: EmployerKind.LEARNING_WORK_COMPANY, sectors: [Sector.LOGISTICS] },
    at(ARNEMUIDEN, 'Arnemuiden'),
  );
  const e4 = await f.employer(
    { name: 'Zorgcentrum Ter Reede', kind: EmployerKind.DAY_ACTIVITY_CENTRE, sectors: [Sector.CARE_WELFARE, Sector.HOSPITALITY] },
    at(VLISSINGEN_BOULEVARD, 'Vlissingen'),
  );
  const e5 = await f.employer(
    { name: 'Kapsalon Knip en Krul', sectors: [Sector.PERSONAL_CARE], status: EmployerStatus.PAUSED, pausedUntil: '2099-01-01', statusReason: 'verbouwing' },
    at(MIDDELBURG, 'Middelburg'),
  );
  const e6 = await f.employer({ name: 'Supermarkt Zeeland Vers', sectors: [Sector.RETAIL] }, at(MIDDELBURG_EAST, 'Middelburg'));
  const goes = await f.site(e6.employer.id, { name: 'Zeeland Vers Goes', ...at(GOES, 'Goes') });

  const placements: Fixtures['placements'] = {
    P1: await place('P1', e1.site.id, MIDDELBURG, {
      title: 'Medewerker bakkerij',
      sector: Sector.BAKERY_FOOD,
      seats: 2,
      allowancePaid: true,
      tasks: ['deeg kneden', 'broodjes bakken'],
      audiences: [Audience.PRO, Audience.VSO],
      description: 'Meehelpen in de bakkerij: deeg kneden, ovens vullen en de winkel aanvullen voor de ochtendklanten.',
    }),
    P2: await place('P2', e1.site.id, MIDDELBURG, { title: 'Verkoper bakkerijwinkel', type: PlacementType.TASTER, seats: 1, audiences: [Audience.PRO] }),
    P3: await place('P3', e2.site.id, VLISSINGEN, {
      title: 'Hovenier',
      sector: Sector.GREEN,
      seats: 3,
      tasks: ['snoeien', 'gras maaien'],
      audiences: [Audience.PLP],
    }),
    P4: await place('P4', e3.site.id, ARNEMUIDEN, {
      title: 'Orderpicker',
      sector: Sector.LOGISTICS,
      type: PlacementType.LEARNING_WORK_PLACE,
      allowancePaid: true,
      tasks: ['orders verzamelen'],
    }),
    P5: await place('P5', e4.site.id, VLISSINGEN_BOULEVARD, {
      title: 'Medewerker keuken',
      sector: Sector.HOSPITALITY,
      type: PlacementType.DAY_ACTIVITY,
      seats: 1,
      tasks: ['afwassen', 'groente snijden'],
      audiences: [Audience.PLP, Audience.VSO],
    }),
    P6: await place('P6', e5.site.id, MIDDELBURG, { title: 'Assistent kapper', sector: Sector.PERSONAL_CARE, seats: 1, audiences: [Audience.PRO] }),
    P7: await place('P7', e6.site.id, MIDDELBURG_EAST, { title: 'Vakkenvuller', audiences: [Audience.PRO, Audience.VSO] }),
    P8: await place('P8', goes.id, GOES, { title: 'Vakkenvuller', audiences: [Audience.PRO, Audience.VSO] }),
    P9: await place('P9', e1.site.id, MIDDELBURG, {
      title: 'Medewerker bakkerij (vorig jaar)',
      sector: Sector.BAKERY_FOOD,
      availableFrom: '2021-01-01',
      availableUntil: '2021-12-31',
    }),
    P10: await place('P10', e4.site.id, VLISSINGEN_BOULEVARD, {
      title: 'Hulp van de hovenier',
      sector: Sector.GREEN,
      tasks: ['blad harken'],
      audiences: [Audience.PLP],
    }),
  };

  // P2's only seat is taken today; E2 is SBB-recognised and carries the Boris flag.
  const school = await f.member(MembershipRole.COORDINATOR);
  const student = await f.student(school.organisationId);
  await f.internship(placements.P2, student.id, school.organisationId, { startDate: '2020-01-01', endDate: '2099-12-31' });
  await t.db.getRepository(RecognitionEntity).save({
    employerId: e2.employer.id,
    leerbedrijfId: '100200300',
    creboCodes: ['25564'],
    validFrom: '2020-01-01',
    validUntil: null,
    setByUserId: adviser.userId,
  });
  await t.db.getRepository(BorisFlagEntity).save({ employerId: e2.employer.id, setByUserId: adviser.userId });

  return {
    placements,
    employers: { E1: e1.employer.id, E2: e2.employer.id, E3: e3.employer.id, E4: e4.employer.id, E5: e5.employer.id, E6: e6.employer.id },
    goesSite: goes.id,
    coordinates,
  };
}

/** Tholen, 40 km from Middelburg and 20 from Brouwershaven: the verified-flag fixtures stand alone there. */
const THOLEN = { latitude: 51.5317, longitude: 4.2206 };
const FLAG_AREA = { ...THOLEN, radiusKm: 3 };

interface FlagFixtures {
  /** Wheelchair access, suitability and a trained supervisor, all verified by a coach who visited. */
  checked: { employer: string; site: string; placement: string };
  /** Suitability verified; wheelchair access only declared. */
  suitable: { employer: string; placement: string };
  /** Everything only declared. */
  declared: { employer: string; placement: string };
}
let flagFixtures: FlagFixtures | null = null;

async function createFlagFixtures(t: TestApp, f: Factory, coach: Member): Promise<FlagFixtures> {
  const make = async (name: string) => {
    const { employer, site } = await f.employer({ name }, { ...at(THOLEN, 'Tholen'), wheelchairAccessible: true });
    const placement = await f.placement(site.id, { title: `Stage bij ${name}` });
    await t.db
      .getRepository(SupervisorEntity)
      .save({ siteId: site.id, role: SupervisorRole.WORKPLACE_TRAINER, trained: true, maxStudents: 2, intensity: SupportLevel.MODERATE });
    return { employer: employer.id, site: site.id, placement: placement.id };
  };
  const checked = await make('Kwekerij Tholen');
  const suitable = await make('Bakkerij Tholen');
  const declared = await make('Garage Tholen');
  const by = [coach.userId];
  await t.db.query(`UPDATE site SET wheelchair_verified_at = now(), wheelchair_verified_by_user_id = $1 WHERE id = $2`, [...by, checked.site]);
  await t.db.query(`UPDATE supervisor SET training_verified_at = now(), training_verified_by_user_id = $1 WHERE site_id = $2`, [...by, checked.site]);
  await t.db.query(`UPDATE placement SET audiences_verified_at = now(), audiences_verified_by_user_id = $1 WHERE id = ANY($2)`, [
    ...by,
    [checked.placement, suitable.placement],
  ]);
  return { checked, suitable, declared };
}

/** Hulst, 40 km from Middelburg and far from Brouwershaven: the reservation fixtures leave every count above alone. */
const HULST = { latitude: 51.2803, longitude: 4.0528 };
const RESERVED_AREA = { ...HULST, radiusKm: 3 };

interface ReservedFixtures {
  /** Reserved for another school; reserved for the searching member's school; open to all; reserved until yesterday. */
  forOther: string;
  forOwn: string;
  open: string;
  ended: string;
  /** The school the searching coordinator works for. */
  own: OrganisationEntity;
}
let reservedFixtures: ReservedFixtures | null = null;

async function createReservedFixtures(f: Factory): Promise<ReservedFixtures> {
  const own = await f.organisation();
  const other = await f.organisation();
  const { site } = await f.employer({ name: 'Supermarkt Hulst', sectors: [Sector.RETAIL] }, at(HULST, 'Hulst'));
  const placement = (title: string, organisationId: string | null, until: string | null) =>
    f.placement(site.id, { title, reservedForOrganisationId: organisationId, reservedUntil: until }).then((p) => p.id);
  return {
    forOther: await placement('Vakkenvuller', other.id, addDays(todayIso(), 30)),
    forOwn: await placement('Medewerker kassa', own.id, addDays(todayIso(), 30)),
    open: await placement('Medewerker magazijn', null, null),
    ended: await placement('Medewerker versafdeling', other.id, addDays(todayIso(), -1)),
    own,
  };
}

const HIT = `totalCount engine notice pageInfo { hasNextPage endCursor } facets { facet values { value count } }`;
const SEARCH_PLACEMENTS = `query ($query: String, $filter: SearchFilterInput, $near: NearInput, $sort: SearchSort, $first: Int, $after: String, $facets: [SearchFacet!]) {
  searchPlacements(query: $query, filter: $filter, near: $near, sort: $sort, first: $first, after: $after, facets: $facets) {
    ${HIT} edges { cursor node { distanceKm placement { id title } highlights { field fragments { text matched } } } }
  }
}`;
const SEARCH_EMPLOYERS = `query ($query: String, $filter: SearchFilterInput, $near: NearInput, $sort: SearchSort, $first: Int, $after: String, $facets: [SearchFacet!]) {
  searchEmployers(query: $query, filter: $filter, near: $near, sort: $sort, first: $first, after: $after, facets: $facets) {
    ${HIT} edges { node { distanceKm employer { id name } site { id place } highlights { field } } }
  }
}`;

describe.each([
  ['MEILISEARCH', {}],
  ['POSTGRESQL', { SEARCH_ENGINE: 'postgres' }],
])('search contract on %s', (engine, env) => {
  let t: TestApp;
  let member: Member;
  /** A coordinator of the school that reserved a placement in Hulst. */
  let reserver: Member;
  let fx: Fixtures;

  beforeAll(async () => {
    t = await startTestApp(env);
    const f = new Factory(t);
    member = await f.member(MembershipRole.COORDINATOR);
    fixtures ??= await createFixtures(t, f, await f.member(MembershipRole.SBB_ADVISER));
    fx = fixtures;
    tagFixtures ??= await createTagFixtures(f);
    flagFixtures ??= await createFlagFixtures(t, f, member);
    reservedFixtures ??= await createReservedFixtures(f);
    reserver = await f.member(MembershipRole.COORDINATOR, reservedFixtures.own);
    if (engine === 'MEILISEARCH') await searchCaughtUp(t);
  });
  afterAll(() => t.close());

  const placements = async (variables: Record<string, unknown>) => {
    const result = await t.gql(SEARCH_PLACEMENTS, { near: AREA, first: 100, ...variables }, member.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.searchPlacements.engine).toBe(engine);
    return result.data!.searchPlacements;
  };
  const ids = (page: { edges: Array<{ node: { placement: { id: string } } }> }) => page.edges.map((e) => e.node.placement.id);
  const keysOf = (page: Parameters<typeof ids>[0]) => {
    const byId = new Map(Object.entries(fx.placements).map(([key, id]) => [id, key]));
    return ids(page).map((id) => byId.get(id) ?? id);
  };
  const sorted = (keys: string[]) => [...keys].sort();

  it('says which engine answered, and why PostgreSQL did', async () => {
    const page = await placements({});
    expect(page.notice === null).toBe(engine === 'MEILISEARCH');
  });

  it('lists every open placement in reach with filters only (empty query)', async () => {
    const page = await placements({ query: '' });
    expect(sorted(keysOf(page))).toEqual(sorted(['P1', 'P2', 'P3', 'P4', 'P5', 'P7', 'P8', 'P10']));
    expect(page.totalCount).toBe(8);
  });

  it('puts the exact title first', async () => {
    const page = await placements({ query: 'Hovenier' });
    expect(keysOf(page)[0]).toBe('P3');
    expect(sorted(keysOf(page))).toEqual(['P10', 'P3']);
  });

  it('finds the exact employer name first', async () => {
    const result = await t.gql(SEARCH_EMPLOYERS, { query: 'Supermarkt Zeeland Vers', near: AREA }, member.token);
    expect(result.data!.searchEmployers.edges[0].node.employer.id).toBe(fx.employers.E6);
  });

  it('tolerates a typo: "bakerij" finds the bakkerij', async () => {
    expect(sorted(keysOf(await placements({ query: 'bakerij' })))).toEqual(['P1', 'P2']);
  });

  it('combines a trade and a place: "bakker Middelburg"', async () => {
    expect(sorted(keysOf(await placements({ query: 'bakker Middelburg' })))).toEqual(['P1', 'P2']);
  });

  it.each([
    ['magazijn', ['P4']],
    ['tuin', ['P10', 'P3']],
    ['kok', ['P5']],
  ])('knows Dutch trade synonyms: "%s"', async (query, expected) => {
    expect(sorted(keysOf(await placements({ query })))).toEqual(expected);
  });

  it('marks what matched', async () => {
    const page = await placements({ query: 'orderpicker' });
    const title = page.edges[0].node.highlights.find((h: { field: string }) => h.field === 'title');
    expect(title.fragments).toEqual([{ text: 'Orderpicker', matched: true }]);
  });

  it('counts every facet over the results', async () => {
    const page = await placements({});
    const facets = Object.fromEntries(page.facets.map((f: { facet: string; values: unknown }) => [f.facet, f.values]));
    expect(facets).toEqual({
      // No fixture in the area carries a sub-sector tag (those are in Brouwershaven, below).
      TAG: [],
      SECTOR: [
        { value: 'RETAIL', count: 3 },
        { value: 'GREEN', count: 2 },
        { value: 'BAKERY_FOOD', count: 1 },
        { value: 'HOSPITALITY', count: 1 },
        { value: 'LOGISTICS', count: 1 },
      ],
      PLACEMENT_TYPE: [
        { value: 'STAGE', count: 5 },
        { value: 'DAY_ACTIVITY', count: 1 },
        { value: 'LEARNING_WORK_PLACE', count: 1 },
        { value: 'TASTER', count: 1 },
      ],
      EMPLOYER_KIND: [
        { value: 'REGULAR', count: 5 },
        { value: 'DAY_ACTIVITY_CENTRE', count: 2 },
        { value: 'LEARNING_WORK_COMPANY', count: 1 },
      ],
      AUDIENCE: [
        { value: 'PRO', count: 5 },
        { value: 'VSO', count: 5 },
        { value: 'PLP', count: 4 },
      ],
      BORIS_FLAG: [
        { value: 'false', count: 7 },
        { value: 'true', count: 1 },
      ],
      SBB_RECOGNISED: [
        { value: 'false', count: 7 },
        { value: 'true', count: 1 },
      ],
      HAS_FREE_SEAT: [
        { value: 'true', count: 7 },
        { value: 'false', count: 1 },
      ],
      ALLOWANCE_PAID: [
        { value: 'false', count: 6 },
        { value: 'true', count: 2 },
      ],
    });
  });

  it('counts only the facets asked for, within the filtered results', async () => {
    const page = await placements({ filter: { audiences: ['PLP'] }, facets: ['SECTOR'] });
    expect(page.facets).toEqual([
      {
        facet: 'SECTOR',
        values: [
          { value: 'GREEN', count: 2 },
          { value: 'HOSPITALITY', count: 1 },
          { value: 'LOGISTICS', count: 1 },
        ],
      },
    ]);
  });

  it.each([
    [{ sectors: ['RETAIL'] }, ['P2', 'P7', 'P8']],
    [{ types: ['STAGE', 'TASTER'] }, ['P1', 'P10', 'P2', 'P3', 'P7', 'P8']],
    [{ employerKinds: ['DAY_ACTIVITY_CENTRE'] }, ['P10', 'P5']],
    [{ audiences: ['PLP'] }, ['P10', 'P3', 'P4', 'P5']],
    [{ borisFlag: true }, ['P3']],
    [{ sbbRecognised: true }, ['P3']],
    [{ hasFreeSeat: false }, ['P2']],
    [{ allowancePaid: true }, ['P1', 'P4']],
    [{ sectors: ['RETAIL'], hasFreeSeat: true }, ['P7', 'P8']],
    [{ includeClosed: true }, ['P1', 'P10', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9']],
  ])('filters by %j', async (filter, expected) => {
    expect(sorted(keysOf(await placements({ filter })))).toEqual(expected);
  });

  it('keeps to the radius and sorts by distance, with the distance of each hit', async () => {
    const near = await placements({ near: { ...VLISSINGEN, radiusKm: 2 }, sort: 'DISTANCE' });
    expect(sorted(keysOf(near))).toEqual(['P10', 'P3', 'P5']);
    expect(keysOf(near)[0]).toBe('P3');

    const all = await placements({ sort: 'DISTANCE' });
    const distances = all.edges.map((e: { node: { distanceKm: number } }) => e.node.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    keysOf(all).forEach((key, i) => expect(distances[i]).toBeCloseTo(haversineKm(MIDDELBURG, fx.coordinates[key]), 0));
    expect(keysOf(all).at(-1)).toBe('P8'); // Goes, 19 km
  });

  it('pages without gaps or repeats', async () => {
    for (const sort of ['NEWEST', 'DISTANCE', 'RELEVANCE']) {
      const whole = ids(await placements({ sort, query: sort === 'RELEVANCE' ? 'medewerker' : '' }));
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: any = await placements({ sort, query: sort === 'RELEVANCE' ? 'medewerker' : '', first: 3, after });
        paged.push(...ids(page));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(paged.length);
    }
  });

  it('answers employers once each, with the site that matched', async () => {
    const all = await t.gql(SEARCH_EMPLOYERS, { near: AREA, first: 100 }, member.token);
    const employers = all.data!.searchEmployers;
    expect(employers.engine).toBe(engine);
    expect(employers.edges.map((e: any) => e.node.employer.id).sort()).toEqual(
      [fx.employers.E1, fx.employers.E2, fx.employers.E3, fx.employers.E4, fx.employers.E6].sort(),
    );
    expect(employers.totalCount).toBe(5);
    const facets = Object.fromEntries(employers.facets.map((f: { facet: string; values: unknown }) => [f.facet, f.values]));
    expect(facets.SECTOR).toEqual([
      { value: 'RETAIL', count: 2 },
      { value: 'BAKERY_FOOD', count: 1 },
      { value: 'CARE_WELFARE', count: 1 },
      { value: 'GREEN', count: 1 },
      { value: 'HOSPITALITY', count: 1 },
      { value: 'LOGISTICS', count: 1 },
    ]);
    expect(facets.PLACEMENT_TYPE).toEqual([
      { value: 'STAGE', count: 4 },
      { value: 'DAY_ACTIVITY', count: 1 },
      { value: 'LEARNING_WORK_PLACE', count: 1 },
      { value: 'TASTER', count: 1 },
    ]);
    expect(facets.ALLOWANCE_PAID).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 2 },
    ]);

    const goes = await t.gql(SEARCH_EMPLOYERS, { near: { ...GOES, radiusKm: 3 }, sort: 'DISTANCE' }, member.token);
    expect(goes.data!.searchEmployers.edges).toEqual([
      {
        node: expect.objectContaining({ employer: expect.objectContaining({ id: fx.employers.E6 }), site: { id: fx.goesSite, place: 'Goes' }, distanceKm: 0 }),
      },
    ]);

    const paused = await t.gql(SEARCH_EMPLOYERS, { query: 'kapsalon', near: AREA, filter: { includeClosed: true } }, member.token);
    expect(paused.data!.searchEmployers.edges.map((e: any) => e.node.employer.id)).toEqual([fx.employers.E5]);
  });

  it('takes hostile and odd text as plain text', async () => {
    for (const query of [
      `'; DROP TABLE placement; --`,
      '((( [ ] ) \\',
      'Café Zoë',
      '%_*',
      'a'.repeat(200),
      'één twee drie vier vijf zes zeven acht negen tien elf',
    ]) {
      const result = await t.gql(SEARCH_PLACEMENTS, { query, near: AREA }, member.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.searchPlacements.engine).toBe(engine);
    }
  });

  it.each([
    ['a 5,000-character query', { query: 'x'.repeat(5000) }, 'query'],
    ['a radius of 0', { near: { ...MIDDELBURG, radiusKm: 0 } }, 'near.radiusKm'],
    ['a radius over 500 km', { near: { ...MIDDELBURG, radiusKm: 501 } }, 'near.radiusKm'],
    ['a distance sort without a point', { near: null, sort: 'DISTANCE' }, 'sort'],
    ['a cursor from elsewhere', { after: 'bm90IGEgY3Vyc29y' }, 'after'],
    ['a page past the last countable result', { after: Buffer.from('[9990]').toString('base64url'), first: 20 }, 'after'],
    ['a nearest-first page past the first 5,000', { sort: 'DISTANCE', after: Buffer.from('[4990]').toString('base64url'), first: 20 }, 'after'],
    ['an unknown facet', { facets: ['COLOUR'] }, undefined],
    ['a page of 101', { first: 101 }, 'first'],
  ])('refuses %s with a clear error', async (_case, variables, field) => {
    const result = await t.gql(SEARCH_PLACEMENTS, { near: AREA, ...variables }, member.token);
    expect(result.status).not.toBe(500);
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    if (field) expect(error.extensions.field).toBe(field);
  });

  describe("sub-sector tags, as matching reads them (the placement's and its employer's)", () => {
    const inTagArea = async (variables: Record<string, unknown>) => sorted(ids(await placements({ near: TAG_AREA, ...variables })));
    const employersInTagArea = async (variables: Record<string, unknown>) => {
      const result = await t.gql(SEARCH_EMPLOYERS, { near: TAG_AREA, first: 100, ...variables }, member.token);
      expect(result.errors).toBeUndefined();
      return result.data!.searchEmployers.edges.map((e: { node: { employer: { id: string } } }) => e.node.employer.id).sort();
    };

    it('finds placements by a tag\'s Dutch name: "tuincentrum" through the employer\'s tag, "bakkerijafdeling" through the placement\'s', async () => {
      const tags = tagFixtures!;
      expect(await inTagArea({ query: 'tuincentrum' })).toEqual([tags.gardenCentre.placement]);
      expect(await inTagArea({ query: 'bakkerijafdeling' })).toEqual([tags.supermarket.bakery]);
      expect(await employersInTagArea({ query: 'tuincentrum' })).toEqual([tags.gardenCentre.employer]);
    });

    it('filters and counts by tag, placements and employers alike', async () => {
      const tags = tagFixtures!;
      expect(await inTagArea({ filter: { tags: ['GARDEN_CENTRE'] } })).toEqual([tags.gardenCentre.placement]);
      expect(await inTagArea({ filter: { tags: ['GARDEN_CENTRE', 'IN_STORE_BAKERY'] } })).toEqual(
        sorted([tags.gardenCentre.placement, tags.supermarket.bakery]),
      );
      const page = await placements({ near: TAG_AREA, facets: ['TAG'] });
      expect(page.totalCount).toBe(3);
      expect(page.facets).toEqual([
        {
          facet: 'TAG',
          values: [
            { value: 'GARDEN_CENTRE', count: 1 },
            { value: 'IN_STORE_BAKERY', count: 1 },
          ],
        },
      ]);
      // An employer carries its own tags and its open placements'.
      expect(await employersInTagArea({ filter: { tags: ['IN_STORE_BAKERY'] } })).toEqual([tags.supermarket.employer]);
      expect(await employersInTagArea({ filter: { tags: ['GARDEN_CENTRE'] } })).toEqual([tags.gardenCentre.employer]);
    });

    it("follows a change of an employer's tags to its placements", async () => {
      const tags = tagFixtures!;
      const retag = (value: SubSector[]) => t.db.getRepository(EmployerEntity).update(tags.supermarket.employer, { tags: value });
      /** Meilisearch follows the change stream: the answer settles once the change has gone through the outbox. */
      const settled = async (variables: Record<string, unknown>, expected: string[]) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          if (engine === 'MEILISEARCH') await searchCaughtUp(t);
          const got = await inTagArea(variables);
          if (JSON.stringify(got) === JSON.stringify(expected) || Date.now() > deadline) return got;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      const both = sorted([tags.supermarket.bakery, tags.supermarket.shelves]);
      await retag([SubSector.PET_SHOP]);
      try {
        expect(await settled({ filter: { tags: ['PET_SHOP'] } }, both)).toEqual(both);
        expect(await inTagArea({ query: 'dierenwinkel' })).toEqual(both);
      } finally {
        await retag([]);
      }
      expect(await settled({ filter: { tags: ['PET_SHOP'] } }, [])).toEqual([]);
    });
  });

  describe('verified flags: only what a coach checked on a visit, not what was declared', () => {
    const inFlagArea = async (verified: string[]) => sorted(ids(await placements({ near: FLAG_AREA, filter: { verified } })));
    const employersInFlagArea = async (verified: string[]) => {
      const result = await t.gql(SEARCH_EMPLOYERS, { near: FLAG_AREA, first: 100, filter: { verified } }, member.token);
      expect(result.errors).toBeUndefined();
      return result.data!.searchEmployers.edges.map((e: { node: { employer: { id: string } } }) => e.node.employer.id).sort();
    };

    it('keeps the placements and employers where every flag asked for was verified', async () => {
      const { checked, suitable, declared } = flagFixtures!;
      expect(await inFlagArea([])).toEqual(sorted([checked.placement, suitable.placement, declared.placement]));
      expect(await inFlagArea(['AUDIENCE_SUITABILITY'])).toEqual(sorted([checked.placement, suitable.placement]));
      expect(await inFlagArea(['WHEELCHAIR_ACCESS', 'SUPERVISION_TRAINING'])).toEqual([checked.placement]);
      expect(await employersInFlagArea(['WHEELCHAIR_ACCESS'])).toEqual([checked.employer]);
      expect(await employersInFlagArea(['AUDIENCE_SUITABILITY'])).toEqual(sorted([checked.employer, suitable.employer]));
    });

    it('drops a flag the employer changes after the visit: it is declared again', async () => {
      const { checked } = flagFixtures!;
      const settled = async (expected: string[]) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          if (engine === 'MEILISEARCH') await searchCaughtUp(t);
          const got = await inFlagArea(['WHEELCHAIR_ACCESS']);
          if (JSON.stringify(got) === JSON.stringify(expected) || Date.now() > deadline) return got;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      // As the employer's link or an import writes it: the value only.
      await t.db.query(`UPDATE site SET wheelchair_accessible = false WHERE id = $1`, [checked.site]);
      try {
        expect(await settled([])).toEqual([]);
      } finally {
        await t.db.query(`UPDATE site SET wheelchair_accessible = true, wheelchair_verified_at = now() WHERE id = $1`, [checked.site]);
      }
      expect(await settled([checked.placement])).toEqual([checked.placement]);
    });
  });

  describe('reserved placements', () => {
    const inHulst = async (variables: Record<string, unknown>) => {
      const result = await t.gql(SEARCH_PLACEMENTS, { near: RESERVED_AREA, first: 100, ...variables }, reserver.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.searchPlacements.engine).toBe(engine);
      return sorted(ids(result.data!.searchPlacements));
    };

    it('shows a reservation, and hides placements reserved for other schools on request', async () => {
      const r = reservedFixtures!;
      expect(await inHulst({})).toEqual(sorted([r.forOther, r.forOwn, r.open, r.ended]));
      expect(await inHulst({ filter: { hideReservedForOthers: true } })).toEqual(sorted([r.forOwn, r.open, r.ended]));
      const shown = await t.gql(
        `query ($near: NearInput) { searchPlacements(near: $near, first: 10) { edges { node { placement { id reservation { forViewer until } } } } } }`,
        { near: RESERVED_AREA },
        reserver.token,
      );
      const reservationOf = new Map(shown.data!.searchPlacements.edges.map((e: any) => [e.node.placement.id, e.node.placement.reservation]));
      expect(reservationOf.get(r.forOther)).toEqual({ forViewer: false, until: addDays(todayIso(), 30) });
      expect(reservationOf.get(r.forOwn)).toEqual({ forViewer: true, until: addDays(todayIso(), 30) });
      expect(reservationOf.get(r.ended)).toBeNull();
    });

    it('opens a placement the day after its reservation ends, with no write (Meilisearch: through the search calendar)', async () => {
      const r = reservedFixtures!;
      if (engine === 'MEILISEARCH') {
        // The index as it stood yesterday, when the reservation still held; nothing has been written since.
        const [row] = await t.db.query(`SELECT * FROM search_placement_document WHERE id = $1`, [r.ended]);
        const client = t.app.get(MEILISEARCH);
        const indexes = new MeilisearchIndexes(client, t.app.get(APP_CONFIG).search.indexPrefix);
        await indexes.write(
          SearchIndexName.PLACEMENTS,
          [
            {
              ...toPlacementDocument(row),
              reservedFor: (await t.db.getRepository(PlacementEntity).findOneByOrFail({ id: r.ended })).reservedForOrganisationId,
            },
          ],
          [],
        );
        expect(await inHulst({ filter: { hideReservedForOthers: true } })).not.toContain(r.ended);
        await t.db.query(`UPDATE search_sweep SET swept_through = (now() AT TIME ZONE 'UTC')::date - 1`);
        expect(await t.app.get(SearchCalendar).sweep()).toBeGreaterThan(0);
        await searchCaughtUp(t);
      }
      expect(await inHulst({ filter: { hideReservedForOthers: true } })).toContain(r.ended);
    });
  });

  it("reads what the page's hits show at once, not field after field", async () => {
    // The web app's hit fields (but the reservation, whose organisation only a reserved placement
    // reads): each statement that loads them is counted with how many had returned before it began.
    // Left to the fields, the sites wait for the placements, the employers for the sites, and the
    // flags and recognitions for the employers.
    const query = `query ($near: NearInput) { searchPlacements(near: $near, first: 30) { edges { node { placement {
      id title freeSeats nextOpening employer { id name borisFlag { id } sbbRecognised } site { place } } } } } }`;
    const repository = t.app.get(LoaderRepository);
    const began: Array<{ read: string; returnedBefore: number }> = [];
    let returned = 0;
    const spies = (['byIds', 'byParents', 'currentSeatClaims', 'currentBorisFlags'] as const).map((read) => {
      const original = repository[read].bind(repository) as (...args: unknown[]) => Promise<unknown>;
      return jest.spyOn(repository, read).mockImplementation(((...args: unknown[]) => {
        began.push({ read, returnedBefore: returned });
        return original(...args).finally(() => returned++);
      }) as never);
    });
    try {
      const result = await t.gql(query, { near: AREA }, member.token);
      expect(result.errors).toBeUndefined();
      const hits = result.data!.searchPlacements.edges.map((e: { node: { placement: Record<string, any> } }) => e.node.placement);
      // P3, at E2, shows its flag and recognition, so those reads had something to find.
      expect(hits.find((p: { id: string }) => p.id === fx.placements.P3)?.employer).toMatchObject({
        borisFlag: { id: expect.any(String) },
        sbbRecognised: true,
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Placements, sites, employers, seats, flags, recognitions: six reads (currentSeatClaims reads through byParents).
    expect(began.length).toBeGreaterThanOrEqual(6);
    expect(began.filter((b) => b.returnedBefore > 0)).toEqual([]);
  });

  it('needs a signed-in member', async () => {
    expect(onlyError(await t.gql(SEARCH_PLACEMENTS, { near: AREA })).extensions.code).toBe('UNAUTHENTICATED');
  });
});
