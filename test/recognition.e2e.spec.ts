import { MembershipRole, OrganisationKind, addDays, todayIso } from '@stagebank/domain';
import { BorisFlagEntity, RecognitionEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

describe('SBB recognition and the Boris flag', () => {
  let t: TestApp;
  let f: Factory;
  let adviser: Member;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const ADD = `mutation($employerId: ID!, $input: RecognitionInput!) { addRecognition(employerId: $employerId, input: $input) { id creboCodes validFrom validUntil current setBy { displayName } setAt } }`;
  const VIEW = `query($id: ID!) { employer(id: $id) { sbbRecognised recognitions { id current withdrawnAt withdrawalReason withdrawnBy { displayName } }
    borisFlag { note setBy { displayName } } borisFlagHistory { setAt clearedAt clearedBy { displayName } } } }`;

  it('lets an SBB adviser recognise an employer for crebo codes, recording who and when', async () => {
    const { employer } = await f.employer();
    const input = { leerbedrijfId: '100200300', creboCodes: ['25254', '25371'], validFrom: addDays(todayIso(), -30), validUntil: addDays(todayIso(), 4 * 365) };
    const res = await t.gql(ADD, { employerId: employer.id, input }, adviser.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.addRecognition).toMatchObject({ creboCodes: ['25254', '25371'], current: true });
    expect(res.data!.addRecognition.setBy.displayName).toMatch(/^Test user/);
    expect((await t.gql(VIEW, { id: employer.id }, coordinator.token)).data!.employer.sbbRecognised).toBe(true);

    const withdrawn = await t.gql(
      `mutation($id: ID!) { withdrawRecognition(id: $id, reason: "Erkenning ingetrokken na herbeoordeling") { current withdrawalReason } }`,
      { id: res.data!.addRecognition.id },
      adviser.token,
    );
    expect(withdrawn.data!.withdrawRecognition).toEqual({ current: false, withdrawalReason: 'Erkenning ingetrokken na herbeoordeling' });
    const view = (await t.gql(VIEW, { id: employer.id }, coordinator.token)).data!.employer;
    expect(view.sbbRecognised).toBe(false);
    expect(view.recognitions).toHaveLength(1);
    const again = await t.gql(`mutation($id: ID!) { withdrawRecognition(id: $id, reason: "x") { id } }`, { id: res.data!.addRecognition.id }, adviser.token);
    expect(onlyError(again).extensions.code).toBe('CONFLICT');
  });

  it('keeps the Boris flag history: set, set again (no change), clear, set', async () => {
    const { employer } = await f.employer();
    const SET = `mutation($id: ID!) { setBorisFlag(employerId: $id, input: { note: "Open voor PrO" }) { id note } }`;
    const CLEAR = `mutation($id: ID!) { clearBorisFlag(employerId: $id) { clearedAt clearedBy { displayName } } }`;
    const first = await t.gql(SET, { id: employer.id }, adviser.token);
    const second = await t.gql(SET, { id: employer.id }, adviser.token);
    expect(second.data!.setBorisFlag.id).toBe(first.data!.setBorisFlag.id);
    expect((await t.gql(VIEW, { id: employer.id }, coordinator.token)).data!.employer.borisFlag.note).toBe('Open voor PrO');
    const cleared = await t.gql(CLEAR, { id: employer.id }, adviser.token);
    expect(cleared.data!.clearBorisFlag.clearedAt).not.toBeNull();
    expect(onlyError(await t.gql(CLEAR, { id: employer.id }, adviser.token)).extensions.code).toBe('CONFLICT');
    await t.gql(SET, { id: employer.id }, adviser.token);
    const view = (await t.gql(VIEW, { id: employer.id }, coordinator.token)).data!.employer;
    expect(view.borisFlag).not.toBeNull();
    expect(view.borisFlagHistory).toHaveLength(2);
    expect(view.borisFlagHistory[1].clearedBy.displayName).toMatch(/^Test user/);
  });

  it('refuses everyone but SBB advisers, and writes nothing', async () => {
    const { employer } = await f.employer();
    const admin = await f.member(MembershipRole.NETWORK_ADMIN);
    for (const member of [coordinator, admin]) {
      const res = await t.gql(ADD, { employerId: employer.id, input: { leerbedrijfId: '1', creboCodes: ['25254'], validFrom: '2026-01-01' } }, member.token);
      expect(onlyError(res).extensions.code).toBe('FORBIDDEN');
      expect(onlyError(await t.gql(`mutation($id: ID!) { setBorisFlag(employerId: $id) { id } }`, { id: employer.id }, member.token)).extensions.code).toBe(
        'FORBIDDEN',
      );
    }
    expect(await t.db.getRepository(RecognitionEntity).countBy({ employerId: employer.id })).toBe(0);
    expect(await t.db.getRepository(BorisFlagEntity).countBy({ employerId: employer.id })).toBe(0);
  });

  it('rejects bad recognitions with the field at fault', async () => {
    const { employer } = await f.employer();
    const bad = [
      [{ leerbedrijfId: '1', creboCodes: ['2525'], validFrom: '2026-01-01' }, 'input.creboCodes'],
      [{ leerbedrijfId: '1', creboCodes: [], validFrom: '2026-01-01' }, 'input.creboCodes'],
      [{ leerbedrijfId: '1', creboCodes: ['25254'], validFrom: '2026-01-01', validUntil: '2025-01-01' }, 'input.validUntil'],
    ] as const;
    for (const [input, field] of bad) {
      expect(onlyError(await t.gql(ADD, { employerId: employer.id, input }, adviser.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const unknown = await t.gql(
      ADD,
      { employerId: '00000000-0000-4000-8000-000000000002', input: { leerbedrijfId: '1', creboCodes: ['25254'], validFrom: '2026-01-01' } },
      adviser.token,
    );
    expect(onlyError(unknown).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'employerId' });
  });
});
