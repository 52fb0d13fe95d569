import { EmployerKind, ExitProfile, PaidJobChance, PlacementType } from '@stagebank/domain';
import { Candidate, Sentence } from './types';

/**
 * How well a kind of place fits each uitstroomprofiel, 0–1: the default a coordinator works from.
 * Dagbesteding → day-activity centres, then sheltered workshops; beschut werk → sheltered workshops,
 * then learning-work companies; arbeidsmarkt → regular employers, more so with a paid-job chance;
 * vervolgonderwijs → recognised learning companies (toward a praktijkverklaring or BBL/entree).
 */
const BY_KIND: Record<ExitProfile, Record<EmployerKind, number>> = {
  [ExitProfile.DAY_ACTIVITY]: {
    [EmployerKind.DAY_ACTIVITY_CENTRE]: 1,
    [EmployerKind.SHELTERED_WORKSHOP]: 0.7,
    [EmployerKind.LEARNING_WORK_COMPANY]: 0.5,
    [EmployerKind.SCHOOL_LEARNING_CENTRE]: 0.5,
    [EmployerKind.REGULAR]: 0.3,
  },
  [ExitProfile.SHELTERED_WORK]: {
    [EmployerKind.SHELTERED_WORKSHOP]: 1,
    [EmployerKind.LEARNING_WORK_COMPANY]: 0.75,
    [EmployerKind.REGULAR]: 0.5,
    [EmployerKind.SCHOOL_LEARNING_CENTRE]: 0.5,
    [EmployerKind.DAY_ACTIVITY_CENTRE]: 0.3,
  },
  [ExitProfile.LABOUR_MARKET]: {
    [EmployerKind.REGULAR]: 0.6,
    [EmployerKind.LEARNING_WORK_COMPANY]: 0.6,
    [EmployerKind.SCHOOL_LEARNING_CENTRE]: 0.4,
    [EmployerKind.SHELTERED_WORKSHOP]: 0.3,
    [EmployerKind.DAY_ACTIVITY_CENTRE]: 0,
  },
  [ExitProfile.FURTHER_EDUCATION]: {
    [EmployerKind.REGULAR]: 0.5,
    [EmployerKind.LEARNING_WORK_COMPANY]: 0.6,
    [EmployerKind.SCHOOL_LEARNING_CENTRE]: 0.5,
    [EmployerKind.SHELTERED_WORKSHOP]: 0.2,
    [EmployerKind.DAY_ACTIVITY_CENTRE]: 0,
  },
};

/** A placement type that is itself the profile's destination counts as a full fit, whatever the employer's kind. */
const DESTINATION_TYPE: Record<ExitProfile, PlacementType[]> = {
  [ExitProfile.DAY_ACTIVITY]: [PlacementType.DAY_ACTIVITY],
  [ExitProfile.SHELTERED_WORK]: [PlacementType.SHELTERED_WORK],
  [ExitProfile.LABOUR_MARKET]: [PlacementType.PAID_JOB],
  [ExitProfile.FURTHER_EDUCATION]: [PlacementType.PRAKTIJKLEREN],
};

const LABOUR_MARKET_PAID_JOB: Record<PaidJobChance, number> = { [PaidJobChance.LIKELY]: 0.4, [PaidJobChance.POSSIBLE]: 0.25, [PaidJobChance.NONE]: 0 };

export type ExitFit = { raw: number; reason: 'none' | 'destination' | 'kind' | 'paid-job' | 'recognised' };

/** How well the placement serves the student's exit profile; `recognised` is whether the employer holds a valid SBB recognition at the period's start. */
export function exitProfileFit(profile: ExitProfile | null, c: Pick<Candidate, 'employerKind' | 'type' | 'paidJobChance'>, recognised: boolean): ExitFit {
  if (profile === null) return { raw: 0.5, reason: 'none' };
  if (DESTINATION_TYPE[profile].includes(c.type)) return { raw: 1, reason: 'destination' };
  const base = BY_KIND[profile][c.employerKind];
  if (profile === ExitProfile.LABOUR_MARKET && c.employerKind === EmployerKind.REGULAR && c.paidJobChance !== PaidJobChance.NONE) {
    return { raw: base + LABOUR_MARKET_PAID_JOB[c.paidJobChance], reason: 'paid-job' };
  }
  if (profile === ExitProfile.FURTHER_EDUCATION && recognised && c.employerKind !== EmployerKind.DAY_ACTIVITY_CENTRE) return { raw: 1, reason: 'recognised' };
  return { raw: base, reason: 'kind' };
}

const PROFILE_NAME: Record<ExitProfile, Sentence> = {
  [ExitProfile.DAY_ACTIVITY]: { nl: 'dagbesteding', en: 'day activity' },
  [ExitProfile.SHELTERED_WORK]: { nl: 'beschut werk', en: 'sheltered work' },
  [ExitProfile.LABOUR_MARKET]: { nl: 'arbeidsmarkt', en: 'labour market' },
  [ExitProfile.FURTHER_EDUCATION]: { nl: 'vervolgonderwijs', en: 'further education' },
};

const KIND_NAME: Record<EmployerKind, Sentence> = {
  [EmployerKind.REGULAR]: { nl: 'een reguliere werkgever', en: 'a regular employer' },
  [EmployerKind.SHELTERED_WORKSHOP]: { nl: 'een sw-bedrijf (beschut werk)', en: 'a sheltered workshop' },
  [EmployerKind.DAY_ACTIVITY_CENTRE]: { nl: 'een dagbestedingslocatie', en: 'a day-activity centre' },
  [EmployerKind.LEARNING_WORK_COMPANY]: { nl: 'een leerwerkbedrijf', en: 'a learning-work company' },
  [EmployerKind.SCHOOL_LEARNING_CENTRE]: { nl: 'een leercentrum van de school', en: "a school's learning centre" },
};

const FIT_WORD = (raw: number): Sentence =>
  raw >= 0.9
    ? { nl: 'past goed bij', en: 'fits' }
    : raw >= 0.5
      ? { nl: 'past redelijk bij', en: 'fits reasonably with' }
      : { nl: 'past slecht bij', en: 'fits poorly with' };

export function exitProfileSentence(profile: ExitProfile | null, c: Pick<Candidate, 'employerKind'>, fit: ExitFit): Sentence {
  if (profile === null) return { nl: 'Nog geen uitstroomprofiel vastgelegd.', en: 'No exit profile recorded yet.' };
  const name = PROFILE_NAME[profile];
  const kind = KIND_NAME[c.employerKind];
  const word = FIT_WORD(fit.raw);
  if (fit.reason === 'destination') {
    return {
      nl: `Uitstroomprofiel ${name.nl}: dit soort plek is precies de bestemming.`,
      en: `Exit profile ${name.en}: this kind of place is the destination itself.`,
    };
  }
  const tail: Sentence =
    fit.reason === 'paid-job'
      ? { nl: `${kind.nl} met kans op betaald werk`, en: `${kind.en} with a chance of a paid job` }
      : fit.reason === 'recognised'
        ? { nl: 'een erkend leerbedrijf', en: 'a recognised learning company' }
        : kind;
  return { nl: `Uitstroomprofiel ${name.nl}: ${tail.nl} ${word.nl} dit profiel.`, en: `Exit profile ${name.en}: ${tail.en} ${word.en} this profile.` };
}
