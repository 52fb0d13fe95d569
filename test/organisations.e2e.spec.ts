import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { OrganisationEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

describe('organisations, users and memberships', () => {
  let t: TestApp;
  let f: Factory;
  let admin: Member;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    admin = await f.member(MembershipRole.NETWORK_ADMIN, await f.organisation({ kind: OrganisationKind.OTHER }));
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name kind region } }`;

  it('lets a network admin create an organisation', async () => {
    const res = await t.gql(CREATE, { input: { name: '  VSO De Ster ', kind: 'VSO_SCHOOL', region: 'ZWOLLE' } }, admin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createOrganisation).toMatchObject({ name: 'VSO De Ster', kind: 'VSO_SCHOOL', region: 'ZWOLLE' });
    const stored = await t.db.getRepository(OrganisationEntity).findOneByOrFail({ id: res.data!.createOrganisation.id });
    expect(stored.name).toBe('VSO De Ster');
  });

  it('refuses a coordinator, and writes nothing', async () => {
    const before = await t.db.getRepository(OrganisationEntity).count();
    const error = onlyError(await t.gql(CREATE, { input: { name: 'Nope', kind: 'OTHER', region: 'ZWOLLE' } }, coordinator.token));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(await t.db.getRepository(OrganisationEntity).count()).toBe(before);
  });

  it('lets an organisation admin rename their own organisation but not another', async () => {
    const schoolAdmin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const UPDATE = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { name region } }`;
    const own = await t.gql(UPDATE, { id: schoolAdmin.organisationId, input: { name: 'Praktijkschool Nieuw', region: 'FLEVOLAND' } }, schoolAdmin.token);
    expect(own.data!.updateOrganisation).toEqual({ name: 'Praktijkschool Nieuw', region: 'FLEVOLAND' });
    const other = await t.gql(UPDATE, { id: coordinator.organisationId, input: { name: 'Overgenomen' } }, schoolAdmin.token);
    expect(onlyError(other).extensions.code).toBe('FORBIDDEN');
  });

  it('adds members by e-mail, reusing the user, so one coach can work for two schools', async () => {
    const [schoolA, schoolB] = [await f.organisation(), await f.organisation({ kind: OrganisationKind.VSO_SCHOOL })];
    const ADD = `mutation($input: AddMemberInput!) { addMember(input: $input) { id userId organisationId role } }`;
    const a = await t.gql(
      ADD,
      { input: { organisationId: schoolA.id, email: 'Coach.Two@School.example', displayName: 'Coach Twee', role: 'COACH' } },
      admin.token,
    );
    const b = await t.gql(
      ADD,
      { input: { organisationId: schoolB.id, email: 'coach.two@school.example', displayName: 'ignored', role: 'COACH' } },
      admin.token,
    );
    expect(a.errors).toBeUndefined();
    expect(b.data!.addMember.userId).toBe(a.data!.addMember.userId);

    const token = t.tokens.sign({ sub: a.data!.addMember.userId, org: schoolB.id });
    const me = await t.gql(`{ me { user { displayName } email role organisation { id } memberships { organisationId organisation { name } } } }`, {}, token);
    expect(me.data!.me).toMatchObject({
      user: { displayName: 'Coach Twee' },
      email: 'coach.two@school.example',
      role: 'COACH',
      organisation: { id: schoolB.id },
    });
    expect(me.data!.me.memberships.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([schoolA.id, schoolB.id].sort());
    const names = Object.fromEntries(
      me.data!.me.memberships.map((m: { organisationId: string; organisation: { name: string } }) => [m.organisationId, m.organisation.name]),
    );
    expect(names).toEqual({ [schoolA.id]: schoolA.name, [schoolB.id]: schoolB.name });

    const removed = await t.gql(`mutation($id: ID!) { removeMember(membershipId: $id) }`, { id: b.data!.addMember.id }, admin.token);
    expect(removed.data!.removeMember).toBe(true);
    const afterRemoval = await t.gql(`{ me { role } }`, {}, token);
    expect(onlyError(afterRemoval).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lists organisations by name with filters and cursor pagination', async () => {
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await t.gql(
        `query($after: String) { organisations(first: 3, after: $after, filter: { kinds: [PRO_SCHOOL, VSO_SCHOOL] }) { totalCount edges { node { name kind } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        coordinator.token,
      );
      const conn = page.data.organisations;
      for (const edge of conn.edges) {
        expect(['PRO_SCHOOL', 'VSO_SCHOOL']).toContain(edge.node.kind);
        all.push(edge.node.name);
      }
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      if (!after) expect(all).toHaveLength(conn.totalCount);
    } while (after);
    expect(all).toEqual([...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('finds one organisation, and says NOT_FOUND for an unknown id', async () => {
    const found = await t.gql(`query($id: ID!) { organisation(id: $id) { id kind } }`, { id: coordinator.organisationId }, coordinator.token);
    expect(found.data!.organisation.id).toBe(coordinator.organisationId);
    const missing = await t.gql(`query($id: ID!) { organisation(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, coordinator.token);
    expect(onlyError(missing).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
