import { EmployerStatus, StudentConstraint, freeSeatsDuring } from '@stagebank/domain';
import { QUALIFICATION_RULE } from './qualification-limit';
import { checkSupervision } from './site-supervision';
import { Candidate, Exclusion, HardLimit, MatchProfile, Period, Sentence } from './types';

/** One student and period, and the distance to the candidate being judged. */
export interface LimitContext {
  profile: MatchProfile;
  period: Period;
  distanceKm: number;
  travelMinutes: number;
}

interface Rule {
  limit: HardLimit;
  broken(x: LimitContext, c: Candidate): boolean;
  say(x: LimitContext, c: Candidate): Sentence;
}

const has = (x: LimitContext, constraint: StudentConstraint) => x.profile.constraints.includes(constraint);

/** The hard limits; CandidateColumns.passes restates them over typed arrays for the index, and the property tests hold the two equal. */
const RULES: Rule[] = [
  {
    limit: HardLimit.TOO_FAR,
    broken: (x) => x.distanceKm > x.profile.maxTravelKm,
    say: (x) => ({
      nl: `${x.distanceKm.toFixed(1)} km is verder dan de ${x.profile.maxTravelKm} km die de leerling kan reizen.`,
      en: `${x.distanceKm.toFixed(1)} km is beyond the student's ${x.profile.maxTravelKm} km.`,
    }),
  },
  {
    limit: HardLimit.TRAVEL_TOO_LONG,
    broken: (x) => x.profile.maxTravelMinutes !== null && x.travelMinutes > x.profile.maxTravelMinutes,
    say: (x) => ({
      nl: `Reistijd ongeveer ${x.travelMinutes} min, meer dan ${x.profile.maxTravelMinutes} min.`,
      en: `About ${x.travelMinutes} min of travel, more than ${x.profile.maxTravelMinutes} min.`,
    }),
  },
  {
    limit: HardLimit.EMPLOYER_STOPPED,
    broken: (_x, c) => c.employerStatus === EmployerStatus.STOPPED,
    say: () => ({ nl: 'De werkgever neemt geen stagiairs meer aan.', en: 'The employer no longer takes students.' }),
  },
  {
    limit: HardLimit.EMPLOYER_PAUSED,
    broken: (x, c) => c.employerStatus === EmployerStatus.PAUSED && c.pausedUntil !== null && c.pausedUntil >= x.period.from,
    say: (_x, c) => ({ nl: `De werkgever neemt tot ${c.pausedUntil} geen nieuwe stagiairs aan.`, en: `The employer takes no new students until ${c.pausedUntil}.` }),
  },
  {
    limit: HardLimit.AUDIENCE,
    broken: (x, c) => !c.audiences.includes(x.profile.audience),
    say: (x) => ({ nl: `De plek staat niet open voor ${x.profile.audience}-leerlingen.`, en: `The placement is not open to ${x.profile.audience} students.` }),
  },
  {
    limit: HardLimit.NOT_AVAILABLE,
    broken: (x, c) => c.availableFrom > x.period.from || (c.availableUntil !== null && c.availableUntil < x.period.to),
    say: (_x, c) => {
      const window = `${c.availableFrom} – ${c.availableUntil ?? '…'}`;
      return { nl: `De plek is beschikbaar van ${window}, niet voor deze periode.`, en: `The placement is available ${window}, not for this period.` };
    },
  },
  {
    limit: HardLimit.NO_FREE_SEAT,
    broken: (x, c) => freeSeatsDuring(c.seats, c.claims, x.period.from, x.period.to) === 0,
    say: (_x, c) => ({ nl: `Alle ${c.seats} plekken zijn bezet in deze periode.`, en: `All ${c.seats} seats are taken in this period.` }),
  },
  {
    limit: HardLimit.SUPERVISION,
    // The supervisors on the site and their load decide, not only the level the placement claims.
    broken: (x, c) => checkSupervision(c, x.profile.supportNeed, x.period).short !== null,
    say: (x, c) =>
      checkSupervision(c, x.profile.supportNeed, x.period).short === 'FULL'
        ? {
            nl: 'Alle begeleiders op deze locatie die deze begeleiding kunnen geven, begeleiden in deze periode al zoveel leerlingen als ze kunnen.',
            en: 'Every supervisor at this site who can give this support already guides as many students as they can in this period.',
          }
        : { nl: 'De begeleiding is lichter dan de leerling nodig heeft.', en: 'The supervision offered is lighter than the student needs.' },
  },
  {
    limit: HardLimit.WHEELCHAIR,
    broken: (x, c) => has(x, StudentConstraint.WHEELCHAIR) && !c.wheelchairAccessible,
    say: () => ({ nl: 'De locatie is niet rolstoeltoegankelijk.', en: 'The site is not wheelchair accessible.' }),
  },
  {
    limit: HardLimit.WEEKEND,
    broken: (x, c) => has(x, StudentConstraint.NO_WEEKENDS) && c.weekendWork,
    say: () => ({ nl: 'Er wordt in het weekend gewerkt.', en: 'The placement includes weekend work.' }),
  },
  {
    limit: HardLimit.CUSTOMER_CONTACT,
    broken: (x, c) => has(x, StudentConstraint.NO_CUSTOMER_CONTACT) && c.customerContact,
    say: () => ({ nl: 'Het werk heeft klantcontact.', en: 'The work involves customer contact.' }),
  },
  {
    limit: HardLimit.QUIET_WORKPLACE,
    broken: (x, c) => has(x, StudentConstraint.QUIET_WORKPLACE) && !c.quietWorkplace,
    say: () => ({ nl: 'Geen rustige (prikkelarme) werkplek.', en: 'Not a quiet workplace.' }),
  },
  {
    limit: HardLimit.CERTIFICATES,
    broken: (x, c) => c.requiredCertificates.some((cert) => !x.profile.certificates.includes(cert)),
    say: (x, c) => {
      const missing = c.requiredCertificates.filter((cert) => !x.profile.certificates.includes(cert)).join(', ');
      return { nl: `Vereist certificaat ontbreekt: ${missing}.`, en: `Required certificate missing: ${missing}.` };
    },
  },
  QUALIFICATION_RULE,
];

/** Every hard limit the placement breaks, each with a sentence a coordinator can read; empty means it may be proposed. */
export function hardLimitsBroken(x: LimitContext, c: Candidate): Exclusion[] {
  return RULES.filter((rule) => rule.broken(x, c)).map((rule) => ({ limit: rule.limit, ...rule.say(x, c) }));
}
