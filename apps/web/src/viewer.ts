import { ENROLLING_KINDS, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { createContext, useContext, useState } from 'react';
import type { Viewer } from './api';

export const ViewerContext = createContext<Viewer | null>(null);

/** Who is signed in (loaded once after sign-in). */
export const useViewer = (): Viewer | null => useContext(ViewerContext);

/** What the screens offer follows the API's rules (auth/policy.ts); the API enforces them regardless. */
export const may = {
  keepStudents: (v: Viewer | null) => !!v && ENROLLING_KINDS.has(v.organisation.kind as OrganisationKind) && v.role !== MembershipRole.API_CLIENT,
  recognise: (v: Viewer | null) => v?.role === MembershipRole.SBB_ADVISER,
  editNetwork: (v: Viewer | null) => !!v && v.role !== MembershipRole.API_CLIENT,
  planCohort: (v: Viewer | null) => may.keepStudents(v) && (v!.role === MembershipRole.COORDINATOR || v!.role === MembershipRole.SCHOOL_ADMIN),
  /** The own organisation's settings (e.g. how long a proposal holds its seat): its admin. */
  manageOrganisation: (v: Viewer | null) => may.keepStudents(v) && v!.role === MembershipRole.SCHOOL_ADMIN,
};

/** A region to show: the viewer's own until another is chosen (the viewer may arrive after the first render). */
export function useRegion(): [string, (region: string) => void] {
  const viewer = useViewer();
  const [chosen, setChosen] = useState<string | null>(null);
  return [chosen ?? viewer?.organisation.region ?? 'NOORDOOST_BRABANT', setChosen];
}
