import { Audience, SupportLevel } from '@stagebank/domain';
import { MatchProfile, Sentence } from './types';

/** Finished internships at one employer for one kind of student (audience and support need). */
export interface TrackRecordCell {
  audience: Audience;
  supportNeed: SupportLevel;
  completed: number;
  endedEarly: number;
  /** Of those, how many led to a paid job (at the employer or elsewhere). */
  paidJobs: number;
}

/** Finished internships of students like this one needed before the track record moves a score; below it the criterion stays neutral. */
export const MIN_TRACK_RECORD_CASES = 5;

export interface SimilarRecord {
  cases: number;
  completed: number;
  paidJobs: number;
}

/** The employer's record with students of the same audience and support need. */
export function similarRecord(profile: Pick<MatchProfile, 'audience' | 'supportNeed'>, cells: readonly TrackRecordCell[]): SimilarRecord {
  const r = { cases: 0, completed: 0, paidJobs: 0 };
  for (const cell of cells) {
    if (cell.audience !== profile.audience || cell.supportNeed !== profile.supportNeed) continue;
    r.cases += cell.completed + cell.endedEarly;
    r.completed += cell.completed;
    r.paidJobs += cell.paidJobs;
  }
  return r;
}

/** 0–1: neutral (0.5) below the minimum number of cases; above it mostly the share completed, some for paid jobs. */
export function trackRecordRaw(r: SimilarRecord): number {
  if (r.cases < MIN_TRACK_RECORD_CASES) return 0.5;
  return Math.min(1, 0.8 * (r.completed / r.cases) + 0.2 * (r.paidJobs / r.cases));
}

export function trackRecordSentence(profile: Pick<MatchProfile, 'audience' | 'supportNeed'>, r: SimilarRecord): Sentence {
  const who = {
    nl: `vergelijkbare leerlingen (${profile.audience === Audience.PRO ? 'PrO' : profile.audience}, zelfde begeleidingsbehoefte)`,
    en: `similar students (${profile.audience === Audience.PRO ? 'PrO' : profile.audience}, same support need)`,
  };
  if (r.cases < MIN_TRACK_RECORD_CASES) {
    return {
      nl: `Nog te weinig afgeronde stages van ${who.nl}: ${r.cases} van de minstens ${MIN_TRACK_RECORD_CASES} die meetellen; telt neutraal.`,
      en: `Too few finished internships of ${who.en} yet: ${r.cases} of the at least ${MIN_TRACK_RECORD_CASES} needed; counts as neutral.`,
    };
  }
  return {
    // At least MIN_TRACK_RECORD_CASES cases here, so "stages" is always plural.
    nl: `Van ${r.cases} afgeronde stages van ${who.nl} liepen er ${r.completed} volledig af; ${r.paidJobs} ${r.paidJobs === 1 ? 'leidde' : 'leidden'} tot betaald werk.`,
    en: `Of ${r.cases} finished internships of ${who.en}, ${r.completed} ran their full course; ${r.paidJobs} led to a paid job.`,
  };
}
