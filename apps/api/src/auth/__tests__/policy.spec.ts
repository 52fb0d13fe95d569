import { ApiKeyScope, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { ErrorCode, StagebankError } from '../../common/stagebank.error';
import { policy } from '../policy';
import type { Viewer } from '../viewer';

const SCHOOL = 'school-1';
const viewer = (role: MembershipRole, extra: Partial<Viewer> = {}): Viewer => ({
  userId: 'user-1',
  organisationId: SCHOOL,
  organisationKind: OrganisationKind.PRO_SCHOOL,
  role,
  ...extra,
});
const apiKey = (scope: ApiKeyScope, studentAccess = false) => viewer(MembershipRole.API_CLIENT, { apiKey: { id: 'key-1', scope, studentAccess } });

/** The code a check throws, or 'allowed'. */
function outcome(check: () => void): string {
  try {
    check();
    return 'allowed';
  } catch (error) {
    if (!(error instanceof StagebankError)) throw error;
    return error.code;
  }
}

describe('policy', () => {
  it('lets only network admins do network administration', () => {
    for (const role of Object.values(MembershipRole)) {
      expect([role, outcome(() => policy.assertNetworkAdmin(viewer(role)))]).toEqual([
        role,
        role === MembershipRole.NETWORK_ADMIN ? 'allowed' : ErrorCode.FORBIDDEN,
      ]);
    }
  });

  it('lets a school admin manage only their own organisation, and a network admin any', () => {
    expect(outcome(() => policy.assertCanManageOrganisation(viewer(MembershipRole.SCHOOL_ADMIN), SCHOOL))).toBe('allowed');
    expect(outcome(() => policy.assertCanManageOrganisation(viewer(MembershipRole.SCHOOL_ADMIN), 'school-2'))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanManageOrganisation(viewer(MembershipRole.COORDINATOR), SCHOOL))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanManageOrganisation(viewer(MembershipRole.NETWORK_ADMIN, { organisationId: 'network' }), SCHOOL))).toBe('allowed');
  });

  it('lets members and READ_WRITE keys edit the shared network, not READ keys', () => {
    expect(outcome(() => policy.assertCanEditNetwork(viewer(MembershipRole.COACH)))).toBe('allowed');
    expect(outcome(() => policy.assertCanEditNetwork(apiKey(ApiKeyScope.READ_WRITE)))).toBe('allowed');
    expect(outcome(() => policy.assertCanEditNetwork(apiKey(ApiKeyScope.READ)))).toBe(ErrorCode.FORBIDDEN);
  });

  it('gives API keys student data only when granted, and refuses anonymous callers as unauthenticated', () => {
    expect(outcome(() => policy.assertCanReadStudents(undefined))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(outcome(() => policy.assertCanReadStudents(viewer(MembershipRole.COACH)))).toBe('allowed');
    expect(outcome(() => policy.assertCanReadStudents(apiKey(ApiKeyScope.READ_WRITE)))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanReadStudents(apiKey(ApiKeyScope.READ, true)))).toBe('allowed');
  });

  it('keeps student profiles with enrolling organisations, and never lets a key write them', () => {
    expect(outcome(() => policy.assertCanKeepStudents(viewer(MembershipRole.COORDINATOR)))).toBe('allowed');
    expect(outcome(() => policy.assertCanKeepStudents(viewer(MembershipRole.SBB_ADVISER, { organisationKind: OrganisationKind.SBB })))).toBe(
      ErrorCode.FORBIDDEN,
    );
    expect(outcome(() => policy.assertCanKeepStudents(apiKey(ApiKeyScope.READ_WRITE, true)))).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets only a coordinator or admin erase a student, and only coordinators and admins of schools tune matching', () => {
    expect(outcome(() => policy.assertCanEraseStudents(viewer(MembershipRole.COACH)))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanEraseStudents(viewer(MembershipRole.SCHOOL_ADMIN)))).toBe('allowed');
    expect(outcome(() => policy.assertCanTuneMatching(viewer(MembershipRole.COORDINATOR)))).toBe('allowed');
    expect(outcome(() => policy.assertCanTuneMatching(viewer(MembershipRole.COACH)))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanTuneMatching(viewer(MembershipRole.COORDINATOR, { organisationKind: OrganisationKind.SBB })))).toBe(
      ErrorCode.FORBIDDEN,
    );
  });

  it('lets only SBB advisers flag recognitions, and only admins read the audit log', () => {
    expect(outcome(() => policy.assertSbbAdviser(viewer(MembershipRole.SBB_ADVISER)))).toBe('allowed');
    expect(outcome(() => policy.assertSbbAdviser(viewer(MembershipRole.NETWORK_ADMIN)))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertCanReadAudit(viewer(MembershipRole.SCHOOL_ADMIN)))).toBe('allowed');
    expect(outcome(() => policy.assertCanReadAudit(viewer(MembershipRole.COORDINATOR)))).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets an organisation withdraw only what it wrote, and a network admin anything', () => {
    expect(outcome(() => policy.assertOwnOrNetworkAdmin(viewer(MembershipRole.COACH), SCHOOL, 'note'))).toBe('allowed');
    expect(outcome(() => policy.assertOwnOrNetworkAdmin(viewer(MembershipRole.COACH), 'school-2', 'note'))).toBe(ErrorCode.FORBIDDEN);
    expect(outcome(() => policy.assertOwnOrNetworkAdmin(viewer(MembershipRole.NETWORK_ADMIN, { organisationId: 'n' }), 'school-2', 'note'))).toBe('allowed');
  });
});
