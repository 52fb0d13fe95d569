import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ApiKeyScope, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { ErrorCode, StagebankError } from '../common/stagebank.error';

/** Who is asking: a user acting for one of their organisations, in the role they hold there. */
export interface Viewer {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  role: MembershipRole;
  /**
   * Set when an API key asks (role API_CLIENT). The key belongs to the organisation, not to a
   * person: `userId` is the admin who created it (kept for what must name a user), and the key
   * keeps working after they leave; the audit names the key, never that admin (actingUserId).
   */
  apiKey?: { id: string; scope: ApiKeyScope; studentAccess: boolean };
}

/** The user the audit names: nobody for an API key, whose actor is the key itself. */
export const actingUserId = (viewer: Viewer): string | null => (viewer.apiKey ? null : viewer.userId);

export interface RequestWithViewer {
  headers: Record<string, string | string[] | undefined>;
  viewer?: Viewer;
}

export const viewerOf = (context: ExecutionContext): Viewer | undefined =>
  GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req.viewer;

/** The signed-in viewer; anonymous requests are refused with UNAUTHENTICATED. */
export const CurrentViewer = createParamDecorator((_data: unknown, context: ExecutionContext): Viewer => {
  const viewer = viewerOf(context);
  if (!viewer) throw new StagebankError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send an Authorization: Bearer token');
  return viewer;
});
