import { InternshipStatus } from './enums';

const S = InternshipStatus;

/** proposed → agreed → active → completed; paused and back; ended early or cancelled on the way. */
export const INTERNSHIP_TRANSITIONS: Record<InternshipStatus, readonly InternshipStatus[]> = {
  // EXPIRED is reached only by the hold sweep (InternshipService refuses it as input).
  [S.PROPOSED]: [S.AGREED, S.CANCELLED, S.EXPIRED],
  [S.AGREED]: [S.ACTIVE, S.CANCELLED, S.PROPOSED],
  [S.ACTIVE]: [S.PAUSED, S.COMPLETED, S.ENDED_EARLY],
  [S.PAUSED]: [S.ACTIVE, S.COMPLETED, S.ENDED_EARLY],
  [S.COMPLETED]: [],
  [S.ENDED_EARLY]: [],
  [S.CANCELLED]: [],
  [S.EXPIRED]: [],
};

/**
 * How many days before a PROPOSED internship's hold on its seat runs out its coach is reminded
 * (the hold sweep's HOLD_EXPIRING notification; the web app highlights the hold from then on).
 */
export const HOLD_REMINDER_DAYS = 3;

/** Statuses a new internship may start in. */
export const INITIAL_INTERNSHIP_STATUSES: readonly InternshipStatus[] = [S.PROPOSED, S.AGREED, S.ACTIVE];

export const canMoveInternship = (from: InternshipStatus, to: InternshipStatus): boolean => from === to || INTERNSHIP_TRANSITIONS[from].includes(to);
