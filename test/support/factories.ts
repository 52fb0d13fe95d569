import {
  Audience,
  EmployerKind,
  InternshipStatus,
  LabourMarketRegion,
  MembershipRole,
  OrganisationKind,
  PlacementType,
  Sector,
  SizeClass,
  SupportLevel,
  TravelMode,
} from '@stagebank/domain';
import {
  EmployerEntity,
  InternshipEntity,
  MembershipEntity,
  OrganisationEntity,
  PlacementEntity,
  SiteEntity,
  StudentProfileEntity,
  UserEntity,
} from '@stagebank/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** 's-Hertogenbosch station, as GeoJSON [longitude, latitude]. */
export const DEN_BOSCH = { latitude: 51.69, longitude: 5.293 };

export interface Member {
  userId: string;
  organisationId: string;
  token: string;
}

/** Factories write straight to the database, so a test sets up only what it needs, with unique names. */
export class Factory {
  constructor(private readonly t: TestApp) {}

  private get db(): DataSource {
    return this.t.db;
  }

  async organisation(overrides: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
    return this.db.getRepository(OrganisationEntity).save({
      name: `Test organisation ${next()}`,
      kind: OrganisationKind.PRO_SCHOOL,
      region: LabourMarketRegion.NOORDOOST_BRABANT,
      ...overrides,
    });
  }

  /** A user with one membership, and a token for it. */
  async member(role: MembershipRole, organisation?: OrganisationEntity): Promise<Member> {
    const org = organisation ?? (await this.organisation());
    const user = await this.db.getRepository(UserEntity).save({ displayName: `Test user ${next()}`, email: `user-${next()}@test.example` });
    await this.db.getRepository(MembershipEntity).save({ userId: user.id, organisationId: org.id, role });
    return { userId: user.id, organisationId: org.id, token: this.t.tokens.sign({ sub: user.id, org: org.id }) };
  }

  async employer(overrides: Partial<EmployerEntity> = {}, siteOverrides: Partial<SiteEntity> = {}): Promise<{ employer: EmployerEntity; site: SiteEntity }> {
    const employer = await this.db.getRepository(EmployerEntity).save({
      name: `Testbedrijf ${next()}`,
      kind: EmployerKind.REGULAR,
      sizeClass: SizeClass.SMALL,
      sectors: [Sector.RETAIL],
      ...overrides,
    });
    const site = await this.site(employer.id, { name: employer.name, ...siteOverrides });
    return { employer, site };
  }

  async site(employerId: string, overrides: Partial<SiteEntity> = {}): Promise<SiteEntity> {
    return this.db.getRepository(SiteEntity).save({
      employerId,
      name: `Vestiging ${next()}`,
      street: 'Stationsplein',
      houseNumber: '1',
      postcode: '5211 AP',
      place: "'s-Hertogenbosch",
      location: { type: 'Point', coordinates: [DEN_BOSCH.longitude, DEN_BOSCH.latitude] },
      wheelchairAccessible: true,
      ...overrides,
    });
  }

  async placement(siteId: string, overrides: Partial<PlacementEntity> = {}): Promise<PlacementEntity> {
    return this.db.getRepository(PlacementEntity).save({
      siteId,
      title: `Teststage ${next()}`,
      sector: Sector.RETAIL,
      type: PlacementType.STAGE,
      seats: 2,
      days: [],
      hoursPerWeek: 16,
      audiences: [Audience.PRO, Audience.VSO, Audience.PLP],
      supervisionLevel: SupportLevel.MODERATE,
      availableFrom: '2020-01-01',
      ...overrides,
    });
  }

  async student(organisationId: string, overrides: Partial<StudentProfileEntity> = {}): Promise<StudentProfileEntity> {
    return this.db.getRepository(StudentProfileEntity).save({
      organisationId,
      code: `T-${next()}`,
      homePostcode: '5211 AP',
      homePlace: "'s-Hertogenbosch",
      homeLocation: { type: 'Point', coordinates: [DEN_BOSCH.longitude, DEN_BOSCH.latitude] },
      travelMode: TravelMode.BIKE,
      maxTravelKm: 10,
      supportNeed: SupportLevel.LIGHT,
      ...overrides,
    });
  }

  async internship(placementId: string, studentId: string, organisationId: string, overrides: Partial<InternshipEntity> = {}): Promise<InternshipEntity> {
    return this.db.getRepository(InternshipEntity).save({
      id: randomUUID(),
      placementId,
      studentId,
      organisationId,
      startDate: '2030-01-01',
      endDate: '2030-06-30',
      status: InternshipStatus.AGREED,
      ...overrides,
    });
  }
}
