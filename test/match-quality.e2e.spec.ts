import { MembershipRole, Sector } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { newPlacement } from './support/inputs';
import { startTestApp, TestApp } from './support/test-app';

const MATCH = `query($id: ID!) { matchPlacements(studentId: $id, first: 20) { edges { node { placementId distanceKm
  breakdown { criterion explanationNl explanationEn } placement { title tags } employer { tags } } } } }`;

/**
 * Issue 14 through the API: sub-sector tags on placements and employers, interests matched on Dutch
 * stems and compounds, and the distance as the WGS84 geodesic at full precision. Each test gets its
 * own spot on the Frisian north coast, far from the demo network and from matching.e2e's spots.
 */
let spot = { latitude: 53.32, longitude: 5.6 };
const nextSpot = () => (spot = { latitude: spot.latitude, longitude: spot.longitude + 0.2 });
const point = (km: number) => ({ type: 'Point' as const, coordinates: [spot.longitude + km / 66.6, spot.latitude] });

describe('match quality through the API', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
  });
  beforeEach(nextSpot);
  afterAll(() => t.close());

  const siteAt = async (km: number, employer: Parameters<Factory['employer']>[0] = {}) => (await f.employer(employer, { location: point(km) })).site;
  const matches = async (studentId: string) => {
    const res = await t.gql(MATCH, { id: studentId }, school.token);
    expect(res.errors).toBeUndefined();
    return res.data!.matchPlacements.edges.map((e: any) => e.node);
  };

  it('gives a would-be gardener the tagged garden centre and pet shop before the supermarket, and says why', async () => {
    const student = await f.student(school.organisationId, { homeLocation: point(0), maxTravelKm: 5, sectorPreferences: [Sector.GREEN] });
    await f.placement((await siteAt(1)).id, { title: 'Vakkenvuller supermarkt', sector: Sector.RETAIL });
    const created = await t.gql(
      `mutation($i: CreatePlacementInput!) { createPlacement(input: $i) { id tags } }`,
      {
        i: newPlacement((await siteAt(3)).id, {
          title: 'Medewerker tuincentrum',
          sector: 'RETAIL',
          tags: ['GARDEN_CENTRE'],
          requiredCertificates: [],
          audiences: ['PRO'],
        }),
      },
      school.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPlacement.tags).toEqual(['GARDEN_CENTRE']);
    // The employer's tag counts for all its placements.
    const shop = await f.employer({ sectors: [Sector.RETAIL] }, { location: point(2.5) });
    await f.placement(shop.site.id, { title: 'Medewerker dierenwinkel', sector: Sector.RETAIL });
    const tagged = await t.gql(`mutation($id: ID!) { updateEmployer(id: $id, input: { tags: [PET_SHOP] }) { tags } }`, { id: shop.employer.id }, school.token);
    expect(tagged.data!.updateEmployer.tags).toEqual(['PET_SHOP']);

    const found = await matches(student.id);
    // Both green alternatives before the nearer supermarket (their own order turns on allowance, days and the like).
    const titles = found.map((m: any) => m.placement.title);
    expect(titles.slice(0, 2).sort()).toEqual(['Medewerker dierenwinkel', 'Medewerker tuincentrum']);
    expect(titles[2]).toBe('Vakkenvuller supermarkt');
    const sector = (title: string) => found.find((m: any) => m.placement.title === title).breakdown.find((l: any) => l.criterion === 'SECTOR');
    expect(sector('Medewerker tuincentrum').explanationNl).toBe('Tuincentrum: verwant aan groen, dieren en natuur (keuze 1).');
    expect(sector('Medewerker dierenwinkel').explanationEn).toBe('Pet shop: close to green, animals and nature (choice 1).');
    expect(sector('Vakkenvuller supermarkt').explanationNl).toBe('Detailhandel ligt dicht bij groen, dieren en natuur (keuze 1).');
  });

  it('refuses an unknown tag and too many tags, and changes nothing', async () => {
    const site = await siteAt(1);
    const CREATE = `mutation($i: CreatePlacementInput!) { createPlacement(input: $i) { id } }`;
    expect((await t.gql(CREATE, { i: newPlacement(site.id, { tags: ['ROSE_GARDEN'] }) }, school.token)).errors).toBeDefined();
    const many = ['GARDEN_CENTRE', 'FLORIST', 'PET_SHOP', 'PETTING_FARM', 'PUBLIC_GREEN', 'CHILDCARE'];
    const tooMany = await t.gql(CREATE, { i: newPlacement(site.id, { tags: many }) }, school.token);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.db.query('SELECT count(*)::int AS n FROM placement WHERE site_id = $1', [site.id])).toEqual([{ n: 0 }]);
  });

  it('matches "dieren" to a placement about dierverzorging, naming the overlap, and not to "werken" alone', async () => {
    const student = await f.student(school.organisationId, { homeLocation: point(0), maxTravelKm: 5, sectorPreferences: [], interests: ['werken met dieren'] });
    await f.placement((await siteAt(1)).id, { title: 'Magazijnmedewerker', sector: Sector.LOGISTICS, tasks: ['werken met de heftruck'] });
    await f.placement((await siteAt(4)).id, { title: 'Medewerker kinderboerderij', sector: Sector.GREEN, tasks: ['dierverzorging'] });
    const found = await matches(student.id);
    expect(found.map((m: any) => m.placement.title)).toEqual(['Medewerker kinderboerderij', 'Magazijnmedewerker']);
    const tasks = (m: any) => m.breakdown.find((l: any) => l.criterion === 'TASKS').explanationNl;
    expect(tasks(found[0])).toBe('Past bij de interesse werken met dieren (kinderboerderij, dierverzorging).');
    expect(tasks(found[1])).toBe('De taken sluiten niet aan bij de interesses.');
  });

  it('reports distanceKm as the WGS84 geodesic at full precision, equal to PostGIS geography distance', async () => {
    const student = await f.student(school.organisationId, { homeLocation: point(0), maxTravelKm: 10, sectorPreferences: [Sector.RETAIL] });
    const site = await siteAt(3.21);
    await f.placement(site.id, { title: 'Kassa' });
    const [node] = await matches(student.id);
    const [{ metres }] = await t.db.query(
      'SELECT ST_Distance(s.location, p.home_location)::float8 AS metres FROM site s, student_profile p WHERE s.id = $1 AND p.id = $2',
      [site.id, student.id],
    );
    expect(Math.abs(node.distanceKm - metres / 1000)).toBeLessThan(1e-5);
    expect(Math.round(node.distanceKm * 10) / 10).not.toBe(node.distanceKm);
    const travel = node.breakdown.find((l: any) => l.criterion === 'TRAVEL');
    expect(travel.explanationNl).toMatch(/^Afstand 3,\d km, ongeveer \d+ minuten reizen\.$/);
    expect(travel.explanationEn).toMatch(/^Distance 3\.\d km, about \d+ minutes of travel\.$/);
  });
});
