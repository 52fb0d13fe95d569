/** Where a student went after an internship, or stands at a follow-up check-in. UNKNOWN is an answer, never left out. */
export enum Destination {
  PAID_JOB_AT_EMPLOYER = 'PAID_JOB_AT_EMPLOYER',
  PAID_JOB_ELSEWHERE = 'PAID_JOB_ELSEWHERE',
  NEXT_PLACEMENT = 'NEXT_PLACEMENT',
  DAY_ACTIVITY = 'DAY_ACTIVITY',
  SHELTERED_WORK = 'SHELTERED_WORK',
  MBO_ENTREE_BBL = 'MBO_ENTREE_BBL',
  NONE_YET = 'NONE_YET',
  UNKNOWN = 'UNKNOWN',
}

export const PAID_JOB: readonly Destination[] = [Destination.PAID_JOB_AT_EMPLOYER, Destination.PAID_JOB_ELSEWHERE];

/** Why an internship ended early. */
export enum EarlyEndReason {
  SUPERVISION = 'SUPERVISION',
  STUDENT_FIT = 'STUDENT_FIT',
  MOTIVATION = 'MOTIVATION',
  HEALTH = 'HEALTH',
  TRAVEL = 'TRAVEL',
  EMPLOYER_STOPPED = 'EMPLOYER_STOPPED',
  OTHER = 'OTHER',
}

/** Certificates a student can earn on the way (VCA, BHV, EHBO, basic cleaning), or another named one. */
export enum AwardKind {
  VCA = 'VCA',
  BHV = 'BHV',
  EHBO = 'EHBO',
  BASIC_CLEANING = 'BASIC_CLEANING',
  OTHER = 'OTHER',
}

export enum WerkprocesProgress {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  MASTERED = 'MASTERED',
}

/** Figures about fewer students than this are suppressed in reports beyond one's own organisation. */
export const SMALL_CELL = 5;

/** Follow-up check-ins run up to this many months after a student leaves. */
export const FOLLOW_UP_MONTHS = 36;
