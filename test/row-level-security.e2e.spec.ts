import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { APP_ROLE, StudentProfileEntity } from '@stagebank/persistence';
import DataLoader from 'dataloader';
import { requestViewer } from '../apps/api/src/auth/request-context';
import { LoadersFactory } from '../apps/api/src/graphql/loaders';
import type { Viewer } from '../apps/api/src/auth/viewer';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Defence in depth: whatever the application code does, a query made for a request runs as the
 * application role under row-level security and sees only the request's organisation's students
 * and internships. Seats stay visible to all through seat_claim.
 */
describe('row-level security on student data', () => {
  let t: TestApp;
  let viewer: Viewer;
  let otherOrganisation: string;
  let internshipId: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Factory(t);
    const school = await f.member(MembershipRole.COORDINATOR);
    const other = await f.member(MembershipRole.COORDINATOR);
    otherOrganisation = other.organisationId;
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 5 });
    for (const member of [school, other]) {
      const student = await f.student(member.organisationId);
      const internship = await f.internship(placement.id, student.id, member.organisationId);
      if (member === school) internshipId = internship.id;
    }
    token = school.token;
    viewer = { userId: school.userId, organisationId: school.organisationId, organisationKind: OrganisationKind.PRO_SCHOOL, role: MembershipRole.COORDINATOR };
  });
  afterAll(() => t.close());

  const asRequest = <T>(work: () => Promise<T>) => requestViewer.run(viewer, work);

  it('returns no foreign rows to a deliberately unscoped query', async () => {
    const students: Array<{ organisation_id: string }> = await asRequest(() => t.db.query(`SELECT organisation_id FROM student_profile`));
    const internships: Array<{ organisation_id: string }> = await asRequest(() => t.db.query(`SELECT organisation_id FROM internship`));
    const viaOrm = await asRequest(() => t.db.getRepository(StudentProfileEntity).find());
    expect(students.length).toBeGreaterThan(0);
    expect(internships.length).toBeGreaterThan(0);
    expect(new Set([...students, ...internships].map((r) => r.organisation_id))).toEqual(new Set([viewer.organisationId]));
    expect(new Set(viaOrm.map((s) => s.organisationId))).toEqual(new Set([viewer.organisationId]));
    // Work outside a request (migrations, the search worker, retention) sees everything.
    const all: Array<{ n: number }> = await t.db.query(`SELECT count(DISTINCT organisation_id)::int AS n FROM student_profile`);
    expect(all[0].n).toBeGreaterThan(1);
  });

  it('shows every organisation’s seats, without students, through seat_claim', async () => {
    const seats: Array<{ organisation_id: string }> = await asRequest(() => t.db.query(`SELECT organisation_id FROM seat_claim`));
    expect(seats.map((s) => s.organisation_id)).toContain(otherOrganisation);
    const [columns] = await asRequest(() => t.db.query(`SELECT * FROM seat_claim LIMIT 1`));
    expect(Object.keys(columns)).not.toContain('student_id');
  });

  it('runs request queries as a role that owns nothing and cannot switch the policies off', async () => {
    const [{ current_user }] = await asRequest(() => t.db.query(`SELECT current_user`));
    expect(current_user).toBe(APP_ROLE);
    await expect(asRequest(() => t.db.query(`ALTER TABLE student_profile DISABLE ROW LEVEL SECURITY`))).rejects.toThrow(/must be owner/);
    await expect(asRequest(() => t.db.query(`DROP POLICY own_organisation ON internship`))).rejects.toThrow(/must be owner/);
  });

  it('refuses to write a student into another organisation', async () => {
    const write = asRequest(() =>
      t.db.query(
        `INSERT INTO student_profile (organisation_id, code, home_postcode, home_place, home_location, travel_mode, max_travel_km, support_need)
         VALUES ($1, 'RLS-1', '5211 AP', 'Den Bosch', 'SRID=4326;POINT(5.3 51.69)', 'BIKE', 10, 'LIGHT')`,
        [otherOrganisation],
      ),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM student_profile WHERE code = 'RLS-1'`);
    expect(n).toBe(0);
  });

  it('runs field resolvers and their loaders as the request, under row-level security', async () => {
    // Nest runs interceptors (the request scope) on root fields only unless told otherwise; a
    // field resolver left outside would query as the owner, past row-level security.
    const factory = t.app.get(LoadersFactory);
    const create = factory.create.bind(factory);
    const seen: Array<{ role: string; organisation: string }> = [];
    const spy = jest.spyOn(factory, 'create').mockImplementation((req) => {
      const loaders = create(req);
      const placement = loaders.placement;
      (loaders as { placement: DataLoader<string, unknown> }).placement = new DataLoader(async (ids) => {
        const [row] = await t.db.query(`SELECT current_user AS role, current_setting('stagebank.organisation_id', true) AS organisation`);
        seen.push(row);
        return placement.loadMany(ids);
      });
      return loaders;
    });
    try {
      const result = await t.gql(`query ($id: ID!) { internship(id: $id) { placement { id } } }`, { id: internshipId }, token);
      expect(result.errors).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual([{ role: APP_ROLE, organisation: viewer.organisationId }]);
  });
});
