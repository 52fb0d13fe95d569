import { EmployerKind, LabourMarketRegion, OrganisationKind, Sector, SubSector, peakOccupancyFrom } from '@stagebank/domain';
import { EmployerEntity, InternshipEntity, OrganisationEntity, PlacementEntity, SiteEntity, StudentProfileEntity } from '@stagebank/persistence';
import { DEMO_EMPLOYER_COUNT, buildDemoNetwork } from '../seeds/demo-seed';
import { CATALOGUE } from '../seeds/catalogue';
import { noordoostBrabantPlaces } from '../seeds/places';
import { startTestApp, TestApp } from './support/test-app';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is deterministic', () => {
    const a = buildDemoNetwork();
    const b = buildDemoNetwork();
    expect(b.employers.map((e) => [e.id, e.name, e.kvkNumber])).toEqual(a.employers.map((e) => [e.id, e.name, e.kvkNumber]));
    expect(b.internships).toEqual(a.internships);
  });

  it('was loaded in full by the test setup, as built', async () => {
    const demo = buildDemoNetwork();
    expect(await t.db.getRepository(EmployerEntity).count()).toBeGreaterThanOrEqual(DEMO_EMPLOYER_COUNT);
    const ids = demo.placements.map((p) => p.id);
    expect(await t.db.getRepository(PlacementEntity).createQueryBuilder('p').where('p.id IN (:...ids)', { ids }).getCount()).toBe(ids.length);
    const studentIds = demo.students.map((s) => s.id);
    expect(await t.db.getRepository(StudentProfileEntity).createQueryBuilder('s').where('s.id IN (:...studentIds)', { studentIds }).getCount()).toBe(
      studentIds.length,
    );
  });

  it('models one labour-market region with PrO and VSO schools, a PLP initiative, SBB and a municipality', async () => {
    const demo = buildDemoNetwork();
    expect(new Set(demo.organisations.map((o) => o.region))).toEqual(new Set([LabourMarketRegion.NOORDOOST_BRABANT]));
    const kinds = demo.organisations.map((o) => o.kind);
    for (const kind of [
      OrganisationKind.PRO_SCHOOL,
      OrganisationKind.VSO_SCHOOL,
      OrganisationKind.PLP_INITIATIVE,
      OrganisationKind.SBB,
      OrganisationKind.MUNICIPALITY,
    ]) {
      expect(kinds).toContain(kind);
    }
    const orgIds = demo.organisations.map((o) => o.id);
    expect(await t.db.getRepository(OrganisationEntity).createQueryBuilder('o').where('o.id IN (:...orgIds)', { orgIds }).getCount()).toBe(orgIds.length);
  });

  it('has employers of every kind and placements in every surveyed sector, some of them occupied', () => {
    const demo = buildDemoNetwork();
    expect(new Set(demo.employers.map((e) => e.kind))).toEqual(new Set(Object.values(EmployerKind)));
    const sectors = new Set(demo.placements.map((p) => p.sector));
    for (const sector of [
      Sector.RETAIL,
      Sector.CARE_WELFARE,
      Sector.TECHNICAL_PRODUCTION,
      Sector.LOGISTICS,
      Sector.HOSPITALITY,
      Sector.GOVERNMENT,
      Sector.FACILITY_SERVICES,
      Sector.PERSONAL_CARE,
      Sector.RECREATION,
      Sector.SPORT,
      Sector.TEXTILE_FASHION,
    ]) {
      expect(sectors).toContain(sector);
    }
    expect(demo.internships.length).toBeGreaterThan(50);
    expect(demo.placements.length).toBeGreaterThan(demo.employers.length);
  });

  it('is coherent: titles fit their employer, names say the kind, tags fit the name', () => {
    const demo = buildDemoNetwork();
    const employerOfSite = new Map(demo.sites.map((s) => [s.id, demo.employers.find((e) => e.id === s.employerId)!]));
    const names = CATALOGUE.flatMap((t) => t.employerNames.map((name) => ({ name, template: t }))).sort((a, b) => b.name.length - a.name.length);
    const catalogueOf = (employerName: string) => names.find((n) => employerName.startsWith(`${n.name} `))!;
    const unfit: string[] = [];
    for (const p of demo.placements) {
      const employer = employerOfSite.get(p.siteId!)!;
      const { name, template } = catalogueOf(employer.name!);
      const offer = template.placements.find((t) => t.title === p.title);
      if (!offer || (offer.at && !offer.at.includes(name))) unfit.push(`${p.title} at ${employer.name}`);
      expect(p.tags).toEqual(offer?.tags ?? []);
    }
    expect(unfit).toEqual([]);
    const suffix: Record<EmployerKind, RegExp> = {
      [EmployerKind.REGULAR]: /[^)]$/,
      [EmployerKind.LEARNING_WORK_COMPANY]: / \(leerwerkbedrijf\)$/,
      [EmployerKind.SHELTERED_WORKSHOP]: / \(sw-bedrijf\)$/,
      [EmployerKind.DAY_ACTIVITY_CENTRE]: / \(dagbesteding\)$/,
      [EmployerKind.SCHOOL_LEARNING_CENTRE]: / \(leerwerkplaats school\)$/,
    };
    for (const e of demo.employers) {
      expect({ name: e.name, kind: e.kind, fits: suffix[e.kind!].test(e.name!) }).toEqual({ name: e.name, kind: e.kind, fits: true });
      const { name, template } = catalogueOf(e.name!);
      expect(e.tags).toEqual(template.employerTags?.[name] ?? []);
    }
    // The close alternatives matching knows are there to be found in the demo.
    expect(demo.employers.some((e) => e.tags?.includes(SubSector.GARDEN_CENTRE))).toBe(true);
    expect(demo.placements.some((p) => p.tags?.includes(SubSector.CARE_HOME_RESTAURANT))).toBe(true);
  });

  it('puts every site within 2 km of a real place of the region from the gazetteer', async () => {
    const places = noordoostBrabantPlaces();
    const demo = buildDemoNetwork();
    const siteIds = demo.sites.map((s) => s.id);
    const sites = await t.db.getRepository(SiteEntity).createQueryBuilder('s').where('s.id IN (:...siteIds)', { siteIds }).getMany();
    for (const site of sites) {
      const place = places.find((p) => p.name === site.place)!;
      const [lon, lat] = site.location.coordinates;
      const km = Math.hypot((lat - place.latitude) * 111, (lon - place.longitude) * 111 * Math.cos((lat * Math.PI) / 180));
      expect(km).toBeLessThan(2.2);
    }
  });

  it('never overbooks a placement', async () => {
    const demo = buildDemoNetwork();
    // The seed's own internships, by id: other spec files sharing the database may add their own.
    const ids = demo.internships.map((i) => i.id!);
    const internships = await t.db.getRepository(InternshipEntity).createQueryBuilder('i').where('i.id IN (:...ids)', { ids }).getMany();
    expect(internships.length).toBe(demo.internships.length);
    for (const placement of demo.placements) {
      const claims = internships.filter((i) => i.placementId === placement.id);
      expect(peakOccupancyFrom(claims, '2000-01-01')).toBeLessThanOrEqual(placement.seats!);
    }
  });
});
