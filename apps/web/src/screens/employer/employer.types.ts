import type { ReservationView } from '../../components/Reservation';

/** The employer page's data: one query, each card shows its part and reloads the whole after a change. */
export interface Author {
  organisationName: string;
  userName: string | null;
}

export interface Claim {
  organisationName: string;
  coachName: string | null;
  startDate: string;
  endDate: string;
  status: string;
}

/** Whether a flag was verified by a coach who visited, or only declared (by the employer or an import). */
export interface FlagVerification {
  source: 'DECLARED' | 'VERIFIED';
  verifiedAt: string | null;
  verifiedBy: { displayName: string } | null;
}

export interface EmployerPlacement {
  id: string;
  title: string;
  audiences: string[];
  audienceSuitability: FlagVerification;
  type: string;
  sector: string;
  tags: string[];
  seats: number;
  freeSeats: number;
  nextOpening: string | null;
  occupancy: Claim[];
  reservation: ReservationView | null;
}

export interface EmployerView {
  id: string;
  name: string;
  kind: string;
  sizeClass: string;
  kvkNumber: string | null;
  sectors: string[];
  tags: string[];
  description: string | null;
  website: string | null;
  status: string;
  statusReason: string | null;
  pausedUntil: string | null;
  lastVerifiedAt: string | null;
  seats: { seats: number; taken: number; free: number; nextOpening: string | null };
  /** Whether the viewer's school recruited the employer, and so may hold its placements for itself. */
  mayReservePlacements: boolean;
  sites: Array<{
    id: string;
    name: string;
    street: string;
    houseNumber: string;
    postcode: string;
    place: string;
    wheelchairAccessible: boolean;
    wheelchairAccess: FlagVerification;
    supervisors: Array<{ id: string; name: string | null; trained: boolean; trainingVerification: FlagVerification }>;
    location: { latitude: number; longitude: number };
    placements: EmployerPlacement[];
  }>;
  notes: Array<{ id: string; text: string; createdAt: string; author: Author }>;
  contactPersons: Array<{ id: string; name: string; role: string | null; phone: string | null; email: string | null }>;
  currentApproaches: Array<{ id: string; purpose: string; since: string; until: string; author: Author & { organisationId: string } }>;
  approachSignals: {
    unansweredInSixMonths: number;
    doesNotRespond: boolean;
    pauseSuggestion: { until: string; reason: string } | null;
    maxApproachesPerMonth: number | null;
    approachesThisMonth: number;
  };
  experienceSummary: { count: number; overall: number | null; supervisionQuality: number | null; audienceFit: number | null; wouldPlaceAgain: number | null };
  experiences: Array<{
    id: string;
    supervisionQuality: number;
    audienceFit: number;
    wouldPlaceAgain: number;
    text: string | null;
    createdAt: string;
    author: Author;
  }>;
  recognitions: Array<{ id: string; leerbedrijfId: string; creboCodes: string[]; validFrom: string; validUntil: string | null; current: boolean }>;
  borisFlag: { id: string } | null;
  borisFlagHistory: Array<{ id: string; setAt: string; clearedAt: string | null; setBy: { displayName: string } }>;
  hostingInterests: Array<{ schoolYear: string; interest: string; reasons: string[]; note: string | null; byEmployer: boolean; recordedAt: string }>;
  trackRecord: { completed: number; endedEarly: number; paidJobsOffered: number | null; averageExperience: number | null; experiences: number };
}

const FLAG = 'source verifiedAt verifiedBy { displayName }';

export const EMPLOYER = `query ($id: ID!) { employer(id: $id) {
  id name kind sizeClass kvkNumber sectors tags description website status statusReason pausedUntil lastVerifiedAt
  seats { seats taken free nextOpening } mayReservePlacements
  sites { id name street houseNumber postcode place wheelchairAccessible location { latitude longitude }
    wheelchairAccess { ${FLAG} } supervisors { id name trained trainingVerification { ${FLAG} } }
    placements { id title type sector tags audiences audienceSuitability { ${FLAG} } seats freeSeats nextOpening occupancy { organisationName coachName startDate endDate status } reservation { organisationName until forViewer } } }
  notes { id text createdAt author { organisationName userName } }
  contactPersons { id name role phone email }
  currentApproaches { id purpose since until author { organisationId organisationName userName } }
  approachSignals { unansweredInSixMonths doesNotRespond pauseSuggestion { until reason } maxApproachesPerMonth approachesThisMonth }
  experienceSummary { count overall supervisionQuality audienceFit wouldPlaceAgain }
  experiences { id supervisionQuality audienceFit wouldPlaceAgain text createdAt author { organisationName } }
  recognitions { id leerbedrijfId creboCodes validFrom validUntil current }
  borisFlag { id } borisFlagHistory { id setAt clearedAt setBy { displayName } }
  hostingInterests { schoolYear interest reasons note byEmployer recordedAt }
  trackRecord { completed endedEarly paidJobsOffered averageExperience experiences } } }`;

/** A card's part: the employer, and reloading the page's data after the card changed something. */
export interface CardProps {
  employer: EmployerView;
  reload: () => Promise<void>;
}
