import { PaidJobChance, SECTORS, SUPPORT_RANK, Sector, areRelatedSectors, overlappingClaims } from '@stagebank/domain';
import { Candidate, Criterion, MatchProfile, Period, ScoreLine, Sentence, Weights } from './types';

interface Judgement extends Sentence {
  raw: number;
}

/** How much less each next preference counts than the favourite. */
const RANK_FACTOR = [1, 0.85, 0.7, 0.6, 0.5];
/** Same employer sector, other kind of work (the care home's restaurant). */
const EMPLOYER_SECTOR_FACTOR = 0.75;
/** A related sector: a close alternative. */
const RELATED_SECTOR_FACTOR = 0.55;
/** Minutes over which the travel score falls to 1/e. */
const TRAVEL_DECAY_MINUTES = 25;

const nl = (sector: Sector) => SECTORS.get(sector)!.nameNl.toLowerCase();
const en = (sector: Sector) => SECTORS.get(sector)!.nameEn.toLowerCase();
const clamp = (x: number) => Math.min(1, Math.max(0, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

function sector(profile: MatchProfile, c: Candidate): Judgement {
  if (profile.sectorPreferences.length === 0) {
    return { raw: 0.5, nl: 'Geen sectorvoorkeur opgegeven.', en: 'No sector preference given.' };
  }
  let best: Judgement = { raw: 0, nl: `${SECTORS.get(c.sector)!.nameNl} is geen (verwante) voorkeur.`, en: `${SECTORS.get(c.sector)!.nameEn} is not a (related) preference.` };
  profile.sectorPreferences.forEach((preferred, rank) => {
    const factor = RANK_FACTOR[Math.min(rank, RANK_FACTOR.length - 1)];
    const choice = { nl: `keuze ${rank + 1}`, en: `choice ${rank + 1}` };
    let option: Judgement | null = null;
    if (c.sector === preferred) {
      option = { raw: factor, nl: `${SECTORS.get(preferred)!.nameNl} is ${choice.nl} van de leerling.`, en: `${SECTORS.get(preferred)!.nameEn} is the student's ${choice.en}.` };
    } else if (c.employerSectors.includes(preferred)) {
      option = {
        raw: factor * EMPLOYER_SECTOR_FACTOR,
        nl: `Werkgever in ${nl(preferred)} (${choice.nl}); het werk zelf is ${nl(c.sector)}: een haalbaar alternatief.`,
        en: `Employer in ${en(preferred)} (${choice.en}); the work itself is ${en(c.sector)}: a feasible alternative.`,
      };
    } else if (areRelatedSectors(preferred, c.sector)) {
      option = {
        raw: factor * RELATED_SECTOR_FACTOR,
        nl: `${SECTORS.get(c.sector)!.nameNl} ligt dicht bij ${nl(preferred)} (${choice.nl}).`,
        en: `${SECTORS.get(c.sector)!.nameEn} is close to ${en(preferred)} (${choice.en}).`,
      };
    }
    if (option && option.raw > best.raw) best = option;
  });
  return best;
}

/** Lower-case, accents off, words of three letters or more, crude plural/verb endings off. */
function stems(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3)
    .map((word) => word.replace(/(en|e|s)$/, ''));
}

function tasks(profile: MatchProfile, c: Candidate): Judgement {
  if (profile.interests.length === 0) return { raw: 0.5, nl: 'Geen interesses opgegeven.', en: 'No interests given.' };
  const offered = new Set(stems([c.title, ...c.tasks].join(' ')));
  const matched = profile.interests.filter((interest) => stems(interest).some((s) => offered.has(s)));
  const raw = clamp(matched.length / Math.min(3, profile.interests.length));
  return matched.length
    ? { raw, nl: `Past bij interesse: ${matched.join(', ')}.`, en: `Fits interests: ${matched.join(', ')}.` }
    : { raw: 0, nl: 'De taken sluiten niet aan bij de interesses.', en: 'The tasks do not match the interests.' };
}

function travel(travelMinutes: number, distanceKm: number): Judgement {
  const km = distanceKm.toFixed(1);
  return { raw: Math.exp(-travelMinutes / TRAVEL_DECAY_MINUTES), nl: `${km} km, ongeveer ${travelMinutes} min reizen.`, en: `${km} km, about ${travelMinutes} min of travel.` };
}

function supervision(profile: MatchProfile, c: Candidate, period: Period): Judgement {
  const margin = SUPPORT_RANK[c.supervisionLevel] - SUPPORT_RANK[profile.supportNeed];
  const level = margin > 0 ? 1 : margin === 0 ? 0.6 : 0.4; // below need only with a school supervisor
  const trained = c.trainedSupervisors > 0 ? 1 : 0;
  const taken = overlappingClaims(c.claims, period.from, period.to).length;
  const headroom = c.supervisionCapacity > 0 ? clamp((c.supervisionCapacity - taken) / c.supervisionCapacity) : 0;
  const raw = 0.4 * level + 0.3 * trained + 0.3 * headroom;
  const parts = [
    margin > 0 ? 'meer begeleiding dan nodig' : margin === 0 ? 'begeleiding precies op niveau' : 'begeleiding via een schoolbegeleider',
    trained ? `${c.trainedSupervisors} opgeleide begeleider(s)` : 'geen opgeleide leermeester',
    `ruimte voor ${Math.max(0, c.supervisionCapacity - taken)} extra leerling(en)`,
  ];
  const partsEn = [
    margin > 0 ? 'more supervision than needed' : margin === 0 ? 'supervision exactly at the level needed' : 'supervision through a school supervisor',
    trained ? `${c.trainedSupervisors} trained supervisor(s)` : 'no trained workplace trainer',
    `room for ${Math.max(0, c.supervisionCapacity - taken)} more student(s)`,
  ];
  return { raw, nl: `${parts.join('; ')}.`, en: `${partsEn.join('; ')}.` };
}

function experience(c: Candidate): Judgement {
  if (!c.experience) return { raw: 0.5, nl: 'Nog geen ervaringen van scholen.', en: 'No experiences from schools yet.' };
  const { mean, count } = c.experience;
  return { raw: clamp((mean - 1) / 4), nl: `Scholen geven gemiddeld ${mean.toFixed(1)} van 5 (${count}×).`, en: `Schools rate it ${mean.toFixed(1)} of 5 on average (${count}×).` };
}

function recognition(profile: MatchProfile, c: Candidate): Judgement {
  const recognised = c.recognisedCrebos.length > 0;
  if (profile.targetCrebo) {
    if (c.recognisedCrebos.includes(profile.targetCrebo)) {
      return { raw: 1, nl: `Erkend leerbedrijf voor crebo ${profile.targetCrebo}: praktijkverklaring mogelijk.`, en: `Recognised for crebo ${profile.targetCrebo}: a praktijkverklaring is possible.` };
    }
    if (recognised) return { raw: 0.5, nl: `Erkend leerbedrijf, maar niet voor crebo ${profile.targetCrebo}.`, en: `Recognised, but not for crebo ${profile.targetCrebo}.` };
    if (c.borisFlag) return { raw: 0.4, nl: 'Boris-kenmerk, maar geen geldige erkenning.', en: 'Boris flag, but no valid recognition.' };
    return { raw: 0, nl: 'Geen erkend leerbedrijf: geen praktijkverklaring mogelijk.', en: 'Not a recognised learning company: no praktijkverklaring.' };
  }
  if (c.borisFlag) return { raw: 1, nl: 'Erkend leerbedrijf met Boris-kenmerk.', en: 'Recognised learning company with the Boris flag.' };
  if (recognised) return { raw: 0.7, nl: 'Erkend leerbedrijf.', en: 'Recognised learning company.' };
  return { raw: 0.3, nl: 'Geen SBB-erkenning.', en: 'No SBB recognition.' };
}

const PAID_JOB_RAW: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 1, [PaidJobChance.POSSIBLE]: 0.5, [PaidJobChance.NONE]: 0 };

function paidJob(c: Candidate): Judgement {
  const text: Record<PaidJobChance, Sentence> = {
    [PaidJobChance.LIKELY]: { nl: 'Grote kans op betaald werk na de stage.', en: 'A good chance of a paid job afterwards.' },
    [PaidJobChance.POSSIBLE]: { nl: 'Mogelijk betaald werk na de stage.', en: 'Possibly a paid job afterwards.' },
    [PaidJobChance.NONE]: { nl: 'Geen kans op betaald werk hier.', en: 'No paid job to follow here.' },
  };
  return { raw: PAID_JOB_RAW[c.paidJobChance], ...text[c.paidJobChance] };
}

function schedule(profile: MatchProfile, c: Candidate): Judgement {
  if (c.days.length === 0 || profile.availableDays.length === 0) return { raw: 0.5, nl: 'Dagen nog af te spreken.', en: 'Days still to be agreed.' };
  const fitting = c.days.filter((d) => profile.availableDays.includes(d));
  const raw = fitting.length / c.days.length;
  return { raw, nl: `${fitting.length} van ${c.days.length} werkdagen passen.`, en: `${fitting.length} of ${c.days.length} working days fit.` };
}

function allowance(c: Candidate): Judgement {
  return c.allowancePaid
    ? { raw: 1, nl: 'Er is een stagevergoeding.', en: 'An allowance is paid.' }
    : { raw: 0, nl: 'Geen stagevergoeding.', en: 'No allowance.' };
}

/**
 * The weight a criterion gets for this student: recognition counts double when a
 * praktijkverklaring is the goal, paid-job chances double in the final year and half before.
 */
export function effectiveWeights(profile: MatchProfile, weights: Weights): Weights {
  return {
    ...weights,
    [Criterion.RECOGNITION]: weights[Criterion.RECOGNITION] * (profile.targetCrebo ? 2 : 1),
    [Criterion.PAID_JOB]: weights[Criterion.PAID_JOB] * (profile.finalYear ? 2 : 0.5),
  };
}

/** Scores a placement that passed the hard limits: 0–100, and the lines it is made of. */
export function scoreCandidate(
  profile: MatchProfile,
  c: Candidate,
  period: Period,
  weights: Weights,
  distanceKm: number,
  travelMinutes: number,
): { score: number; breakdown: ScoreLine[] } {
  const judged: Record<Criterion, Judgement> = {
    [Criterion.SECTOR]: sector(profile, c),
    [Criterion.TASKS]: tasks(profile, c),
    [Criterion.TRAVEL]: travel(travelMinutes, distanceKm),
    [Criterion.SUPERVISION]: supervision(profile, c, period),
    [Criterion.EXPERIENCE]: experience(c),
    [Criterion.RECOGNITION]: recognition(profile, c),
    [Criterion.PAID_JOB]: paidJob(c),
    [Criterion.SCHEDULE]: schedule(profile, c),
    [Criterion.ALLOWANCE]: allowance(c),
  };
  const effective = effectiveWeights(profile, weights);
  const total = Object.values(effective).reduce((sum, w) => sum + w, 0);
  const breakdown = Object.values(Criterion).map((criterion) => {
    const { raw, nl, en } = judged[criterion];
    return { criterion, weight: effective[criterion], raw: round2(raw), points: round2((100 * effective[criterion] * raw) / total), nl, en };
  });
  return { score: round2(breakdown.reduce((sum, line) => sum + line.points, 0)), breakdown };
}
