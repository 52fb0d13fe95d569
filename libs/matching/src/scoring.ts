import {
  ExitProfile,
  PaidJobChance,
  SECTORS,
  SUB_SECTORS,
  SUPPORT_RANK,
  Sector,
  SubSector,
  SupportLevel,
  alternativeTagFor,
  areRelatedSectors,
} from '@stagebank/domain';
import { interestTerms, overlappingWords, placementTerms } from './text';
import { NOUNS, count, inSentence, km, list } from './wording';
import { exitProfileFit, exitProfileSentence } from './exit-profile';
import { recognitionFit, recognitionSentence } from './praktijkverklaring';
import { checkSupervision } from './site-supervision';
import { experienceRaw, experienceSentence, similarExperiences, similarRecord, trackRecordRaw, trackRecordSentence } from './track-record';
import { Candidate, Criterion, MatchProfile, crebosValidOn, Period, ScoreLine, Sentence, Weights } from './types';

/** The criteria in the order of every breakdown and raw-score array. */
export const CRITERIA: readonly Criterion[] = Object.values(Criterion);

/** How much less each next preference counts than the favourite. */
const RANK_FACTOR = [1, 0.85, 0.7, 0.6, 0.5];
/** Same employer sector, other kind of work (the care home's restaurant). */
const EMPLOYER_SECTOR_FACTOR = 0.75;
/** A related sector: a close alternative. */
const RELATED_SECTOR_FACTOR = 0.55;
/** A sub-sector tagged as the alternative for the preferred sector (the garden centre for a would-be gardener): closer than a merely related sector. */
const TAG_FACTOR = 0.75;
/** Minutes over which the travel score falls to 1/e. */
const TRAVEL_DECAY_MINUTES = 25;
const PAID_JOB_RAW: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 1, [PaidJobChance.POSSIBLE]: 0.5, [PaidJobChance.NONE]: 0 };

const clamp = (x: number) => Math.min(1, Math.max(0, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The terms a placement's title and tasks offer for matching interests (text.ts); computed once per placement. */
export const candidateStems = (c: Candidate): Set<string> => placementTerms([c.title, ...c.tasks]);

/** Everything about one student and period that every candidate's score needs. */
export interface ScoringContext {
  profile: MatchProfile;
  period: Period;
  weights: Weights;
  totalWeight: number;
  /** Per interest, the stems and synonyms it looks for; empty for an interest of only stop words. */
  interestStems: string[][];
  /** How many interests say something (have terms). */
  meaningfulInterests: number;
}

/**
 * The weight a criterion gets for this student: recognition counts double when a
 * praktijkverklaring is the goal or the exit profile is further education; paid-job chances double
 * in the final year or toward the labour market, count half before, and not at all toward day activity.
 */
export function effectiveWeights(profile: MatchProfile, weights: Weights): Weights {
  const exit = profile.exitProfile;
  const paidJob = exit === ExitProfile.DAY_ACTIVITY ? 0 : profile.finalYear || exit === ExitProfile.LABOUR_MARKET ? 2 : 0.5;
  return {
    ...weights,
    [Criterion.RECOGNITION]: weights[Criterion.RECOGNITION] * (profile.targetCrebo || exit === ExitProfile.FURTHER_EDUCATION ? 2 : 1),
    [Criterion.PAID_JOB]: weights[Criterion.PAID_JOB] * paidJob,
  };
}

export function scoringContext(profile: MatchProfile, period: Period, weights: Weights): ScoringContext {
  const effective = effectiveWeights(profile, weights);
  const interestStems = profile.interests.map(interestTerms);
  return {
    profile,
    period,
    weights: effective,
    totalWeight: CRITERIA.reduce((sum, c) => sum + effective[c], 0),
    interestStems,
    meaningfulInterests: interestStems.filter((t) => t.length > 0).length,
  };
}

type SectorMatch = {
  raw: number;
  kind: 'none' | 'no-preference' | 'same' | 'employer' | 'tag' | 'related';
  rank: number;
  preferred: Sector | null;
  tag?: SubSector;
};

function sectorMatch(profile: MatchProfile, c: Candidate): SectorMatch {
  if (profile.sectorPreferences.length === 0) return { raw: 0.5, kind: 'no-preference', rank: -1, preferred: null };
  let best: SectorMatch = { raw: 0, kind: 'none', rank: -1, preferred: null };
  for (let rank = 0; rank < profile.sectorPreferences.length; rank++) {
    const preferred = profile.sectorPreferences[rank];
    const factor = RANK_FACTOR[Math.min(rank, RANK_FACTOR.length - 1)];
    let option: SectorMatch | null = null;
    if (c.sector === preferred) option = { raw: factor, kind: 'same', rank, preferred };
    else if (c.employerSectors.includes(preferred)) option = { raw: factor * EMPLOYER_SECTOR_FACTOR, kind: 'employer', rank, preferred };
    else if (alternativeTagFor(preferred, c.tags))
      option = { raw: factor * TAG_FACTOR, kind: 'tag', rank, preferred, tag: alternativeTagFor(preferred, c.tags)! };
    else if (areRelatedSectors(preferred, c.sector)) option = { raw: factor * RELATED_SECTOR_FACTOR, kind: 'related', rank, preferred };
    if (option && option.raw > best.raw) best = option;
  }
  return best;
}

function matchedInterests(x: ScoringContext, offered: Set<string>): number {
  let matched = 0;
  for (const interest of x.interestStems) if (interest.some((s) => offered.has(s))) matched++;
  return matched;
}

/** Level the site's supervisors can really give, trained supervisors, and room left at the level needed given their current load. */
function supervisionParts(x: ScoringContext, c: Candidate) {
  const check = checkSupervision(c, x.profile.supportNeed, x.period);
  const margin = SUPPORT_RANK[check.level] - SUPPORT_RANK[x.profile.supportNeed];
  const able = c.supervisorCapacity[SUPPORT_RANK[x.profile.supportNeed] - 1];
  const level = margin > 0 ? 1 : margin === 0 ? 0.6 : 0.4; // below need only with a school supervisor
  const headroom = check.room !== null && able > 0 ? clamp(check.room / able) : 0;
  return { margin, room: check.room, level: check.level, raw: 0.4 * level + 0.3 * (c.trainedSupervisors > 0 ? 1 : 0) + 0.3 * headroom };
}

/** Neutral (0.5) without interests, and never below it with them: giving interests can only help a placement. */
export function tasksRaw(x: ScoringContext, offered: Set<string>): number {
  return tasksRawOf(x, x.meaningfulInterests === 0 ? 0 : matchedInterests(x, offered));
}

/** tasksRaw from how many of the student's interests the placement's terms meet. */
export function tasksRawOf(x: ScoringContext, matched: number): number {
  const interests = x.meaningfulInterests;
  return interests === 0 ? 0.5 : 0.5 + 0.5 * clamp(matched / Math.min(3, interests));
}

/**
 * The most the supervision criterion can score: exact but for the headroom, which depends on the
 * site's load in the period and is counted as full. `levelRank` is the supervision the site can
 * really give (effectiveSupervisionLevel), `needRank` the student's.
 */
export function supervisionCeiling(levelRank: number, needRank: number, trained: boolean): number {
  const margin = levelRank - needRank;
  return 0.4 * (margin > 0 ? 1 : margin === 0 ? 0.6 : 0.4) + 0.3 * (trained ? 1 : 0) + 0.3;
}

export const travelRaw = (travelMinutes: number): number => Math.exp(-travelMinutes / TRAVEL_DECAY_MINUTES);

function scheduleFit(profile: MatchProfile, c: Candidate): { raw: number; fitting: number } {
  if (c.days.length === 0 || profile.availableDays.length === 0) return { raw: 0.5, fitting: -1 };
  const fitting = c.days.filter((d) => profile.availableDays.includes(d)).length;
  return { raw: fitting / c.days.length, fitting };
}

/** How well each criterion is met, 0–1, in CRITERIA order. The fast path and the full path both call this. */
export function rawScores(x: ScoringContext, c: Candidate, travelMinutes: number, offered: Set<string>): number[] {
  return [
    sectorMatch(x.profile, c).raw,
    tasksRaw(x, offered),
    travelRaw(travelMinutes),
    supervisionParts(x, c).raw,
    experienceRaw(similarExperiences(x.profile, c.experiences)),
    recognitionFit(x.profile, c, x.period).raw,
    PAID_JOB_RAW[c.paidJobChance],
    scheduleFit(x.profile, c).raw,
    c.allowancePaid ? 1 : 0,
    exitProfileFit(x.profile.exitProfile, c, crebosValidOn(c, x.period.from).length > 0).raw,
    trackRecordRaw(similarRecord(x.profile, c.trackRecord)),
  ];
}

/** Each criterion's points of the 0–100 score, rounded to cents, in CRITERIA order. */
export function pointsOf(x: ScoringContext, raws: number[]): number[] {
  return raws.map((raw, i) => round2((100 * x.weights[CRITERIA[i]] * raw) / x.totalWeight));
}

/** The score is the sum of the rounded points, so a breakdown always adds up to it. */
export function scoreOf(x: ScoringContext, raws: number[]): number {
  return round2(pointsOf(x, raws).reduce((sum, p) => sum + p, 0));
}

const sectorName = (s: Sector, lang: 'nl' | 'en', lower = false) => {
  const name = lang === 'nl' ? SECTORS.get(s)!.nameNl : SECTORS.get(s)!.nameEn;
  return lower ? inSentence(name) : name;
};

/** Names the real overlap: each matched interest with the placement's own words that meet it, "dieren (dierverzorging)". */
function interestSentence(x: ScoringContext, c: Candidate, offered: Set<string>): Sentence {
  if (x.meaningfulInterests === 0) return { nl: 'Geen interesses opgegeven.', en: 'No interests given.' };
  const texts = [c.title, ...c.tasks];
  const matched = x.profile.interests.flatMap((interest, i) => {
    const terms = x.interestStems[i];
    if (!terms.some((t) => offered.has(t))) return [];
    return [`${interest} (${overlappingWords(terms, texts).join(', ')})`];
  });
  if (matched.length === 0) return { nl: 'De taken sluiten niet aan bij de interesses.', en: 'The tasks do not match the interests.' };
  return matched.length === 1
    ? { nl: `Past bij de interesse ${matched[0]}.`, en: `Fits the interest ${matched[0]}.` }
    : { nl: `Past bij de interesses ${list(matched, 'nl')}.`, en: `Fits the interests ${list(matched, 'en')}.` };
}

const LEVEL_NAME: Record<SupportLevel, Sentence> = {
  [SupportLevel.LIGHT]: { nl: 'lichte', en: 'light' },
  [SupportLevel.MODERATE]: { nl: 'gemiddelde', en: 'moderate' },
  [SupportLevel.INTENSIVE]: { nl: 'intensieve', en: 'intensive' },
};

/** What the site's supervisors can give, who is trained, and how many more students they can take. */
function supervisionSentenceOf(c: Candidate, parts: ReturnType<typeof supervisionParts>): Sentence {
  const { margin, room, level } = parts;
  const trained = c.trainedSupervisors;
  const capped = SUPPORT_RANK[level] < SUPPORT_RANK[c.supervisionLevel];
  const nl = [
    margin > 0 ? 'meer begeleiding dan nodig' : margin === 0 ? 'begeleiding precies op niveau' : 'begeleiding via een schoolbegeleider',
    ...(capped
      ? [`de begeleiders op de locatie geven hooguit ${LEVEL_NAME[level].nl} begeleiding, niet de ${LEVEL_NAME[c.supervisionLevel].nl} die de plek noemt`]
      : []),
    trained === 0 ? 'geen opgeleide leermeester' : trained === 1 ? '1 opgeleide begeleider' : `${trained} opgeleide begeleiders`,
    room === null
      ? 'geen begeleiders vastgelegd voor deze locatie'
      : room === 0
        ? 'de begeleiders zitten vol'
        : room === 1
          ? 'ruimte voor nog 1 leerling'
          : `ruimte voor nog ${room} leerlingen`,
  ];
  const en = [
    margin > 0 ? 'more supervision than needed' : margin === 0 ? 'supervision exactly at the level needed' : 'supervision through a school supervisor',
    ...(capped
      ? [`the supervisors at the site give at most ${LEVEL_NAME[level].en} support, not the ${LEVEL_NAME[c.supervisionLevel].en} the placement states`]
      : []),
    trained === 0 ? 'no trained workplace trainer' : trained === 1 ? '1 trained supervisor' : `${trained} trained supervisors`,
    room === null
      ? 'no supervisors recorded for this site'
      : room === 0
        ? 'the supervisors are full'
        : room === 1
          ? 'room for 1 more student'
          : `room for ${room} more students`,
  ];
  const sentence = (items: string[]) => `${items.join('; ')}.`.replace(/^./, (ch) => ch.toUpperCase());
  return { nl: sentence(nl), en: sentence(en) };
}

/** The sentences behind each criterion's number, in CRITERIA order; only made for results that are shown. */
export function explain(x: ScoringContext, c: Candidate, distanceKm: number, travelMinutes: number, offered: Set<string>): Sentence[] {
  const sector = sectorMatch(x.profile, c);
  const choice = { nl: `keuze ${sector.rank + 1}`, en: `choice ${sector.rank + 1}` };
  const p = sector.preferred!;
  const sectorSentence: Sentence =
    sector.kind === 'no-preference'
      ? { nl: 'Geen sectorvoorkeur opgegeven.', en: 'No sector preference given.' }
      : sector.kind === 'same'
        ? { nl: `${sectorName(p, 'nl')} is ${choice.nl} van de leerling.`, en: `${sectorName(p, 'en')} is the student's ${choice.en}.` }
        : sector.kind === 'employer'
          ? {
              nl: `Werkgever in ${sectorName(p, 'nl', true)} (${choice.nl}); het werk zelf is ${sectorName(c.sector, 'nl', true)}: een haalbaar alternatief.`,
              en: `Employer in ${sectorName(p, 'en', true)} (${choice.en}); the work itself is ${sectorName(c.sector, 'en', true)}: a feasible alternative.`,
            }
          : sector.kind === 'tag'
            ? {
                nl: `${SUB_SECTORS.get(sector.tag!)!.nameNl}: verwant aan ${sectorName(p, 'nl', true)} (${choice.nl}).`,
                en: `${SUB_SECTORS.get(sector.tag!)!.nameEn}: close to ${sectorName(p, 'en', true)} (${choice.en}).`,
              }
            : sector.kind === 'related'
              ? {
                  nl: `${sectorName(c.sector, 'nl')} ligt dicht bij ${sectorName(p, 'nl', true)} (${choice.nl}).`,
                  en: `${sectorName(c.sector, 'en')} is close to ${sectorName(p, 'en', true)} (${choice.en}).`,
                }
              : { nl: `${sectorName(c.sector, 'nl')} is geen (verwante) voorkeur.`, en: `${sectorName(c.sector, 'en')} is not a (related) preference.` };

  const tasksSentence = interestSentence(x, c, offered);

  const supervisionSentence = supervisionSentenceOf(c, supervisionParts(x, c));

  const recognitionLine = recognitionSentence(x.profile, c, x.period, recognitionFit(x.profile, c, x.period));

  const paidJobSentence: Record<PaidJobChance, Sentence> = {
    [PaidJobChance.LIKELY]: { nl: 'Grote kans op betaald werk na de stage.', en: 'A good chance of a paid job afterwards.' },
    [PaidJobChance.POSSIBLE]: { nl: 'Mogelijk betaald werk na de stage.', en: 'Possibly a paid job afterwards.' },
    [PaidJobChance.NONE]: { nl: 'Geen kans op betaald werk hier.', en: 'No paid job to follow here.' },
  };

  const { fitting } = scheduleFit(x.profile, c);
  const scheduleSentence: Sentence =
    fitting < 0
      ? { nl: 'Dagen nog af te spreken.', en: 'Days still to be agreed.' }
      : c.days.length === 1
        ? fitting
          ? { nl: 'De leerling kan op de enige werkdag.', en: 'The student is available on the only working day.' }
          : { nl: 'De leerling kan niet op de enige werkdag.', en: 'The student is not available on the only working day.' }
        : {
            nl: `De leerling kan op ${fitting} van de ${count(c.days.length, NOUNS.workingDay, 'nl')}.`,
            en: `The student is available on ${fitting} of the ${count(c.days.length, NOUNS.workingDay, 'en')}.`,
          };

  return [
    sectorSentence,
    tasksSentence,
    {
      nl: `Afstand ${km(distanceKm, 'nl')}, ongeveer ${count(travelMinutes, NOUNS.minute, 'nl')} reizen.`,
      en: `Distance ${km(distanceKm, 'en')}, about ${count(travelMinutes, NOUNS.minute, 'en')} of travel.`,
    },
    supervisionSentence,
    experienceSentence(x.profile, similarExperiences(x.profile, c.experiences)),
    recognitionLine,
    paidJobSentence[c.paidJobChance],
    scheduleSentence,
    c.allowancePaid ? { nl: 'Er is een stagevergoeding.', en: 'An allowance is paid.' } : { nl: 'Geen stagevergoeding.', en: 'No allowance.' },
    exitProfileSentence(x.profile.exitProfile, c, exitProfileFit(x.profile.exitProfile, c, crebosValidOn(c, x.period.from).length > 0)),
    trackRecordSentence(x.profile, similarRecord(x.profile, c.trackRecord)),
  ];
}

/** Scores a placement that passed the hard limits: 0–100, and the explained lines it is made of. */
export function scoreCandidate(x: ScoringContext, c: Candidate, distanceKm: number, travelMinutes: number): { score: number; breakdown: ScoreLine[] } {
  const offered = candidateStems(c);
  const raws = rawScores(x, c, travelMinutes, offered);
  const points = pointsOf(x, raws);
  const sentences = explain(x, c, distanceKm, travelMinutes, offered);
  const breakdown = CRITERIA.map((criterion, i) => ({ criterion, weight: x.weights[criterion], raw: round2(raws[i]), points: points[i], ...sentences[i] }));
  return { score: round2(points.reduce((sum, p) => sum + p, 0)), breakdown };
}

/** For each sector (by index in Sector order): the most a placement there can score on sector for this student. */
export function sectorCeilings(profile: MatchProfile): {
  bySector: number[];
  viaEmployer: Array<{ bit: number; raw: number }>;
  viaTags: Array<{ mask: number; raw: number }>;
} {
  const sectors = Object.values(Sector);
  const bySector: number[] = sectors.map(() => (profile.sectorPreferences.length === 0 ? 0.5 : 0));
  const viaEmployer: Array<{ bit: number; raw: number }> = [];
  const viaTags: Array<{ mask: number; raw: number }> = [];
  profile.sectorPreferences.forEach((preferred, rank) => {
    const factor = RANK_FACTOR[Math.min(rank, RANK_FACTOR.length - 1)];
    sectors.forEach((sector, i) => {
      const raw = sector === preferred ? factor : areRelatedSectors(preferred, sector) ? factor * RELATED_SECTOR_FACTOR : 0;
      if (raw > bySector[i]) bySector[i] = raw;
    });
    viaEmployer.push({ bit: 1 << sectors.indexOf(preferred), raw: factor * EMPLOYER_SECTOR_FACTOR });
    viaTags.push({ mask: tagMask([...SUB_SECTORS.values()].filter((t) => t.alternativeFor.includes(preferred)).map((t) => t.code)), raw: factor * TAG_FACTOR });
  });
  return { bySector, viaEmployer, viaTags };
}

const TAG_LIST = Object.values(SubSector);
/** Sub-sector tags as a bit mask, for the index's columns and the score bound. */
export const tagMask = (tags: readonly SubSector[]): number => tags.reduce((mask, t) => mask | (1 << TAG_LIST.indexOf(t)), 0);

/** What the score-bound needs to know of one placement, from the index's columns. */
export interface BoundInputs {
  sectorIndex: number;
  employerSectorMask: number;
  tagMask: number;
  travelMinutes: number;
  /** Exact (tasksRaw over the placement's stems). */
  tasksRaw: number;
  /** supervisionCeiling: exact but for the headroom. */
  supervisionRaw: number;
  experienceRaw: number;
  /** Exact (the schedule fit from the placement's days). */
  scheduleRaw: number;
  /** The most the track record can give here for any student. */
  trackRecordRaw: number;
  paidJobRaw: number;
  recognised: boolean;
  boris: boolean;
  allowance: boolean;
}

/**
 * An upper bound of the score before rounding: exact for sector, tasks, travel, paid job, schedule
 * and allowance; supervision exact but for the headroom (counted as full); experience and track
 * record at most the best any student could get (both count per kind of student); recognition at
 * most what it could be; the exit profile exact without one (neutral) and counted as fully met with one.
 */
export function scoreUpperBound(x: ScoringContext, ceilings: ReturnType<typeof sectorCeilings>, b: BoundInputs): number {
  let sector = ceilings.bySector[b.sectorIndex];
  for (const { bit, raw } of ceilings.viaEmployer) if (b.employerSectorMask & bit && raw > sector) sector = raw;
  for (const { mask, raw } of ceilings.viaTags) if (b.tagMask & mask && raw > sector) sector = raw;
  const recognition = x.profile.targetCrebo ? (b.recognised ? 1 : b.boris ? 0.4 : 0) : b.boris ? 1 : b.recognised ? 0.7 : 0.3;
  const w = x.weights;
  const sum =
    w[Criterion.SECTOR] * sector +
    w[Criterion.TASKS] * b.tasksRaw +
    w[Criterion.TRAVEL] * travelRaw(b.travelMinutes) +
    w[Criterion.SUPERVISION] * b.supervisionRaw +
    w[Criterion.EXPERIENCE] * b.experienceRaw +
    w[Criterion.RECOGNITION] * recognition +
    w[Criterion.PAID_JOB] * b.paidJobRaw +
    w[Criterion.SCHEDULE] * b.scheduleRaw +
    w[Criterion.ALLOWANCE] * (b.allowance ? 1 : 0) +
    w[Criterion.EXIT_PROFILE] * (x.profile.exitProfile === null ? 0.5 : 1) +
    w[Criterion.TRACK_RECORD] * b.trackRecordRaw;
  return (100 * sum) / x.totalWeight;
}
