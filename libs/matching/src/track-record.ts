import { Audience, SupportLevel } from '@stagebank/domain';
import { MatchProfile, Sentence } from './types';
import { Lang, audienceGroup, decimal } from './wording';

/**
 * Learning from what happened, for students like this one: finished internships (the track record)
 * and schools' experiences count only when they are about students of the same audience (PrO, VSO,
 * PLP) and the same support need, and only from a minimum number of cases; below it the criterion
 * stays neutral (0.5) and the explanation says how many there are and how many are needed.
 */

/** Finished internships at one employer for one kind of student (audience and support need). */
export interface TrackRecordCell {
  audience: Audience;
  supportNeed: SupportLevel;
  completed: number;
  endedEarly: number;
  /** Of those, how many led to a paid job (at the employer or elsewhere). */
  paidJobs: number;
}

/** Schools' experiences with one employer, by the audience of the school that shared them and the support need of the student they are about. */
export interface ExperienceCell {
  audience: Audience;
  /** The support need of the student of the internship the experience is about; null for one about the employer in general. */
  supportNeed: SupportLevel | null;
  count: number;
  /** The sum of the experiences' ratings, each the mean of its three 1–5 marks. */
  sum: number;
}

/** Finished internships of students like this one needed before the track record moves a score; below it the criterion stays neutral. */
export const MIN_TRACK_RECORD_CASES = 5;
/** Experiences of schools with students like this one needed before they move a score. */
export const MIN_SIMILAR_EXPERIENCES = 3;

type Like = Pick<MatchProfile, 'audience' | 'supportNeed'>;

export interface SimilarRecord {
  cases: number;
  completed: number;
  paidJobs: number;
}

/** The employer's record with students of the same audience and support need. */
export function similarRecord(profile: Like, cells: readonly TrackRecordCell[]): SimilarRecord {
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

const SUPPORT: Record<SupportLevel, Sentence> = {
  [SupportLevel.LIGHT]: { nl: 'met lichte begeleiding', en: 'needing light support' },
  [SupportLevel.MODERATE]: { nl: 'met gemiddelde begeleiding', en: 'needing moderate support' },
  [SupportLevel.INTENSIVE]: { nl: 'met intensieve begeleiding', en: 'needing intensive support' },
};

/** "PrO-leerlingen met intensieve begeleiding", "PLP participants needing light support". */
export const studentsLike = (profile: Like, lang: Lang): string => `${audienceGroup(profile.audience, lang)} ${SUPPORT[profile.supportNeed][lang]}`;

export function trackRecordSentence(profile: Like, r: SimilarRecord): Sentence {
  const who = { nl: studentsLike(profile, 'nl'), en: studentsLike(profile, 'en') };
  if (r.cases < MIN_TRACK_RECORD_CASES) {
    const done = {
      nl: r.cases === 1 ? '1 afgeronde stage' : `${r.cases} afgeronde stages`,
      en: r.cases === 1 ? '1 finished internship' : `${r.cases} finished internships`,
    };
    return {
      nl: `Nog te weinig stages van ${who.nl} hier: ${done.nl}, minstens ${MIN_TRACK_RECORD_CASES} nodig; telt neutraal.`,
      en: `Too few internships of ${who.en} here yet: ${done.en}, at least ${MIN_TRACK_RECORD_CASES} needed; counts as neutral.`,
    };
  }
  // At least MIN_TRACK_RECORD_CASES cases here, so "de N … leerlingen" is always plural.
  const completed: Sentence =
    r.completed === 0
      ? { nl: `Geen van de ${r.cases} ${who.nl} maakte hier de stage af`, en: `None of the ${r.cases} ${who.en} completed their internship here` }
      : {
          nl: `Van de ${r.cases} ${who.nl} ${r.completed === 1 ? 'maakte er 1 hier de stage af' : `maakten er ${r.completed} hier hun stage af`}`,
          en: `Of the ${r.cases} ${who.en}, ${r.completed} completed their internship here`,
        };
  const paid: Sentence =
    r.paidJobs === 0
      ? { nl: 'niemand vond daarna betaald werk', en: 'none found a paid job afterwards' }
      : { nl: `${r.paidJobs} ${r.paidJobs === 1 ? 'vond' : 'vonden'} daarna betaald werk`, en: `${r.paidJobs} found a paid job afterwards` };
  return { nl: `${completed.nl}; ${paid.nl}.`, en: `${completed.en}; ${paid.en}.` };
}

export interface SimilarExperiences {
  /** Experiences of schools of the same audience, in general or about a student with the same support need. */
  count: number;
  mean: number | null;
  /** Experiences left out: other audiences, or students with another support need. */
  other: number;
}

/** The experiences that count for this student: the same audience, and the same support need where the experience is about one student. */
export function similarExperiences(profile: Like, cells: readonly ExperienceCell[]): SimilarExperiences {
  let count = 0;
  let sum = 0;
  let other = 0;
  for (const cell of cells) {
    if (cell.audience === profile.audience && (cell.supportNeed === null || cell.supportNeed === profile.supportNeed)) {
      count += cell.count;
      sum += cell.sum;
    } else other += cell.count;
  }
  return { count, mean: count > 0 ? sum / count : null, other };
}

/** 0–1: the mean rating (1–5) scaled, once there are enough similar experiences; neutral (0.5) before. */
export function experienceRaw(e: SimilarExperiences): number {
  if (e.count < MIN_SIMILAR_EXPERIENCES || e.mean === null) return 0.5;
  return Math.min(1, Math.max(0, (e.mean - 1) / 4));
}

const AUDIENCES = Object.values(Audience);
const SUPPORT_LEVELS = Object.values(SupportLevel);

/** The most `experienceRaw` can be for any student: the index's score bound for this employer. */
export function experienceCeiling(cells: readonly ExperienceCell[]): number {
  let best = 0.5;
  for (const audience of AUDIENCES)
    for (const supportNeed of SUPPORT_LEVELS) best = Math.max(best, experienceRaw(similarExperiences({ audience, supportNeed }, cells)));
  return best;
}

/** The most the track record can score here for any student (it counts per kind of student): the index's score bound. */
export function trackRecordCeiling(cells: readonly TrackRecordCell[]): number {
  let best = 0.5;
  if (cells.length === 0) return best;
  for (const audience of AUDIENCES)
    for (const supportNeed of SUPPORT_LEVELS) best = Math.max(best, trackRecordRaw(similarRecord({ audience, supportNeed }, cells)));
  return best;
}

export function experienceSentence(profile: Like, e: SimilarExperiences): Sentence {
  const schools = { nl: `scholen over ${studentsLike(profile, 'nl')}`, en: `schools about ${studentsLike(profile, 'en')}` };
  const others: Sentence =
    e.other === 0
      ? { nl: '', en: '' }
      : e.other === 1
        ? { nl: ' 1 ervaring met andere leerlingen telt niet mee.', en: ' 1 experience with other students does not count.' }
        : { nl: ` ${e.other} ervaringen met andere leerlingen tellen niet mee.`, en: ` ${e.other} experiences with other students do not count.` };
  if (e.count === 0 && e.other === 0) return { nl: 'Nog geen ervaringen van scholen.', en: 'No experiences from schools yet.' };
  if (e.count < MIN_SIMILAR_EXPERIENCES) {
    const n = { nl: e.count === 1 ? '1 ervaring' : `${e.count} ervaringen`, en: e.count === 1 ? '1 experience' : `${e.count} experiences` };
    return {
      nl: `Nog te weinig ervaringen van ${schools.nl}: ${n.nl}, minstens ${MIN_SIMILAR_EXPERIENCES} nodig; telt neutraal.${others.nl}`,
      en: `Too few experiences from ${schools.en} yet: ${n.en}, at least ${MIN_SIMILAR_EXPERIENCES} needed; counts as neutral.${others.en}`,
    };
  }
  return {
    nl: `Gemiddeld ${decimal(e.mean!, 'nl')} van 5 uit ${e.count} ervaringen van ${schools.nl}.${others.nl}`,
    en: `On average ${decimal(e.mean!, 'en')} of 5 from ${e.count} experiences of ${schools.en}.${others.en}`,
  };
}
