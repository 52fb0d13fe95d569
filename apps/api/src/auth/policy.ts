import { ApiKeyScope, ENROLLING_KINDS, MembershipRole } from '@stagebank/domain';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import type { Viewer } from './viewer';

/**
 * Who may do what, in one place. Shared network data (employers, sites, placements) is
 * readable by every signed-in member; student data only by the enrolling organisation.
 */
export const policy = {
  assertNetworkAdmin(viewer: Viewer): void {
    if (viewer.role !== MembershipRole.NETWORK_ADMIN) throw StagebankError.forbidden('Only a network admin may do this');
  },

  assertCanManageOrganisation(viewer: Viewer, organisationId: string): void {
    const ownAdmin = viewer.role === MembershipRole.SCHOOL_ADMIN && viewer.organisationId === organisationId;
    if (!ownAdmin && viewer.role !== MembershipRole.NETWORK_ADMIN) {
      throw StagebankError.forbidden("Only this organisation's admin or a network admin may do this");
    }
  },

  /** Shared network data: every member, and API keys with the READ_WRITE scope. */
  canEditNetwork(viewer: Viewer): boolean {
    return viewer.role !== MembershipRole.API_CLIENT || viewer.apiKey?.scope === ApiKeyScope.READ_WRITE;
  },

  assertCanEditNetwork(viewer: Viewer): void {
    if (!policy.canEditNetwork(viewer)) throw StagebankError.forbidden('This API client may only read');
  },

  /**
   * Verifying a flag (wheelchair access, suitability, supervision training) says a person saw it on a
   * visit: any member may, an API key may not (it is no one who visited).
   */
  assertCanVerifyFlags(viewer: Viewer): void {
    if (viewer.role === MembershipRole.API_CLIENT || viewer.apiKey) {
      throw StagebankError.forbidden('Only a coach who visited may verify this, not an API client');
    }
  },

  /** Something an organisation wrote (a note, an approach) is withdrawn by that organisation or a network admin. */
  assertOwnOrNetworkAdmin(viewer: Viewer, organisationId: string, what: string): void {
    if (viewer.organisationId !== organisationId && viewer.role !== MembershipRole.NETWORK_ADMIN) {
      throw StagebankError.forbidden(`Only the organisation that added this ${what} may remove it`);
    }
  },

  /**
   * A placement is reserved by the school or initiative that recruited its employer (its editors),
   * for itself; a network admin may reserve for any of them and change or lift any reservation.
   * `heldBy`: the organisation holding the placement now (a reservation not yet over), if any.
   */
  assertCanReservePlacement(viewer: Viewer, forOrganisationId: string | null, heldBy: string | null): void {
    if (viewer.role === MembershipRole.NETWORK_ADMIN) return;
    policy.assertCanEditNetwork(viewer);
    if (!ENROLLING_KINDS.has(viewer.organisationKind)) throw StagebankError.forbidden('Only a school or initiative may reserve a placement');
    if (forOrganisationId !== null && forOrganisationId !== viewer.organisationId) {
      throw StagebankError.forbidden('A placement is reserved for your own organisation; a network admin may reserve it for another');
    }
    if (heldBy !== null && heldBy !== viewer.organisationId) {
      throw StagebankError.forbidden('The placement is reserved for another organisation; only that organisation or a network admin may change it');
    }
  },

  assertSbbAdviser(viewer: Viewer): void {
    if (viewer.role !== MembershipRole.SBB_ADVISER) throw StagebankError.forbidden('Only an SBB adviser may set or clear SBB recognition and the Boris flag');
  },

  /** Coordinators and admins of a school or initiative tune their own matching weights. */
  assertCanTuneMatching(viewer: Viewer): void {
    const roles: MembershipRole[] = [MembershipRole.COORDINATOR, MembershipRole.SCHOOL_ADMIN];
    if (!ENROLLING_KINDS.has(viewer.organisationKind) || !roles.includes(viewer.role)) {
      throw StagebankError.forbidden('Only a coordinator or admin of a school or PLP initiative may change its matching weights');
    }
  },

  /** The audit log: admins of a school or initiative (their own part) and network admins (the shared network). */
  assertCanReadAudit(viewer: Viewer): void {
    if (viewer.role !== MembershipRole.SCHOOL_ADMIN && viewer.role !== MembershipRole.NETWORK_ADMIN) {
      throw StagebankError.forbidden('Only admins may read the audit log');
    }
  },

  /** Erasing a student's data is for the coordinator or admin of the organisation that keeps it. */
  assertCanEraseStudents(viewer: Viewer): void {
    policy.assertCanKeepStudents(viewer);
    if (viewer.role !== MembershipRole.COORDINATOR && viewer.role !== MembershipRole.SCHOOL_ADMIN) {
      throw StagebankError.forbidden("Only a coordinator or admin may erase a student's data");
    }
  },

  /**
   * Reading student data (profiles, internships, their results, matches for a student): every
   * member (row-level security keeps it to their own organisation), and an API key only when it
   * was granted student access. Every student-reading query and loader asks this.
   */
  assertCanReadStudents(viewer: Viewer | undefined): void {
    if (!viewer) throw new StagebankError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send an Authorization: Bearer token');
    if (viewer.role === MembershipRole.API_CLIENT && !viewer.apiKey?.studentAccess) {
      throw StagebankError.forbidden('This API key was not granted student access (createApiKey studentAccess)');
    }
  },

  /** Planning a group (and accepting the plan) is for the coordinators and admins of the school or initiative that keeps the students. */
  assertCanPlanCohort(viewer: Viewer): void {
    policy.assertCanKeepStudents(viewer);
    policy.assertCanReadStudents(viewer);
    if (viewer.role !== MembershipRole.COORDINATOR && viewer.role !== MembershipRole.SCHOOL_ADMIN) {
      throw StagebankError.forbidden('Only a coordinator or admin of a school or PLP initiative may plan a group');
    }
  },

  /** Student data is kept by the school or initiative where the student is enrolled. */
  assertCanKeepStudents(viewer: Viewer): void {
    policy.assertEnrolling(viewer);
    if (viewer.role === MembershipRole.API_CLIENT) throw StagebankError.forbidden('This API client may only read');
  },

  /** Only a school or PLP initiative has students to read or keep. */
  assertEnrolling(viewer: Viewer): void {
    if (!ENROLLING_KINDS.has(viewer.organisationKind)) throw StagebankError.forbidden('Only schools and PLP initiatives keep student profiles');
  },
};
