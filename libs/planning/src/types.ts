/** One student to place, pseudonymous: the model knows only ids, the school and the priority flag. */
export interface PlanStudent {
  id: string;
  /** The school (or initiative) where the student is enrolled; fairness and explanations group by it. */
  schoolId: string;
  /** In the priority group (e.g. final year, greatest support need): placed first. */
  priority: boolean;
}

/** A placement's room in the planned period. */
export interface PlanPlacement {
  id: string;
  siteId: string;
  /** Seats still free in the period: seats minus overlapping proposed, agreed, active or paused internships. */
  freeSeats: number;
}

/** The supervisors of one site: their capacity is shared by every placement at the site. */
export interface PlanSite {
  id: string;
  /** Students the site's supervisors can still take on in the period; null when no capacity is recorded (no limit). */
  freeCapacity: number | null;
}

/** A student × placement pair that passes every hard limit, scored as matchPlacements scores it. */
export interface PlanCandidate {
  studentId: string;
  placementId: string;
  score: number;
  distanceKm: number;
  travelMinutes: number;
  /** Its place in the student's own matchPlacements list (1 = best). */
  rank: number;
  /** The placement's sector is the student's first preferred sector. */
  firstChoice: boolean;
  /** A group placement brings its own school supervisor, so it leaves the site's supervisors alone. */
  usesSiteSupervision: boolean;
}

export interface Pair {
  studentId: string;
  placementId: string;
}

export interface PlanLocks {
  /** Existing proposed/agreed/active internships: the student keeps that placement; the seat is already counted as taken. */
  existing?: Pair[];
  /** The coordinator fixes this student to this placement (it must pass the hard limits and fit). */
  pins?: Pair[];
  /** Never propose this pair. */
  forbidden?: Pair[];
  /** Leave these students out of the plan. */
  excluded?: string[];
}

export enum FairnessRule {
  NONE = 'NONE',
  /** Every school gets at least `floor` × its proportional share (by students competing for them) of the scarce seats, rounded to the nearest seat. */
  SCARCE_SEAT_FLOOR = 'SCARCE_SEAT_FLOOR',
  /** The worst-off school's mean score (over all its students, unplaced counting 0) is as high as possible. */
  MAX_MIN_MEAN_SCORE = 'MAX_MIN_MEAN_SCORE',
}

export interface PlanSettings {
  /** Place as many first sector choices as possible (after the number placed, before the total score). */
  honourFirstChoices?: boolean;
  fairness?: { rule: FairnessRule; floor?: number };
  /** The solver's time limit per stage, seconds. */
  timeLimitSeconds?: number;
}

export interface PlanInput {
  students: PlanStudent[];
  placements: PlanPlacement[];
  sites: PlanSite[];
  candidates: PlanCandidate[];
  locks?: PlanLocks;
  settings?: PlanSettings;
}

export enum Outcome {
  PLACED = 'PLACED',
  PINNED = 'PINNED',
  EXISTING = 'EXISTING',
  NOT_PLACED = 'NOT_PLACED',
  EXCLUDED = 'EXCLUDED',
}

export enum NotPlacedReason {
  /** No placement passes the student's hard limits in the period. */
  NO_CANDIDATE = 'NO_CANDIDATE',
  /** Every placement that would fit went to other students. */
  ALL_TAKEN = 'ALL_TAKEN',
  /** The pin breaks a hard limit, is forbidden, or its seat is not free. */
  PIN_NOT_POSSIBLE = 'PIN_NOT_POSSIBLE',
}

export enum HigherReason {
  /** All free seats of the placement went to other students in this plan. */
  SEATS_TAKEN = 'SEATS_TAKEN',
  /** The site's supervisors are fully used by other students in this plan. */
  SUPERVISION_FULL = 'SUPERVISION_FULL',
  /** The coordinator forbade the pair. */
  FORBIDDEN = 'FORBIDDEN',
  /** A seat was free, but taking it would have placed fewer students (or fewer of the priority group), or lowered the total. */
  TRADE_OFF = 'TRADE_OFF',
}

/** Why the student did not get a placement ranked higher in their own list. */
export interface WhyNotHigher {
  placementId: string;
  rank: number;
  reason: HigherReason;
  /** Students of the same school who hold its seats (or site supervision) in the plan. */
  heldBySameSchool: string[];
  /** Other schools whose students hold them: school ids only, never who. */
  heldByOtherSchools: string[];
}

export interface StudentPlan {
  studentId: string;
  schoolId: string;
  outcome: Outcome;
  candidate: PlanCandidate | null;
  notPlacedReason: NotPlacedReason | null;
  /** For ALL_TAKEN, the same as whyNotHigher of the best candidate; for a placed student, the best candidate ranked above. */
  whyNotHigher: WhyNotHigher | null;
  candidateCount: number;
}

export interface SchoolFigures {
  schoolId: string;
  students: number;
  placed: number;
  sharePlaced: number;
  meanRank: number | null;
  meanScore: number | null;
  meanTravelMinutes: number | null;
  notPlaced: number;
  scarceSeats: number;
  /** The floor this school was owed under SCARCE_SEAT_FLOOR, or null. */
  scarceSeatFloor: number | null;
}

export interface FairnessReport {
  rule: FairnessRule;
  floor: number | null;
  /** How many scarce seats the floors could not give (0 when every floor was met). */
  shortfall: number;
  /** The worst-off school's mean score under MAX_MIN_MEAN_SCORE. */
  worstSchoolMeanScore: number | null;
  /** Total score and number placed without the fairness rule, and what the rule cost. */
  totalScoreWithout: number;
  placedWithout: number;
  costInTotalScore: number;
  costInPlaced: number;
}

export interface PlanResult {
  students: StudentPlan[];
  schools: SchoolFigures[];
  placed: number;
  priorityPlaced: number;
  firstChoicesHonoured: number;
  totalScore: number;
  /** Placements where more students could go than there are seats. */
  scarcePlacementIds: string[];
  fairness: FairnessReport | null;
  /** Every lexicographic stage reached proven optimality (false when a time limit cut one short). */
  optimal: boolean;
  objective: { nl: string; en: string };
}
