import { EmployerStatus, StudentConstraint, freeSeatsDuring } from '@stagebank/domain';
import { QUALIFICATION_RULE } from './qualification-limit';
import { checkSupervision } from './site-supervision';
import { Candidate, Exclusion, HardLimit, MatchProfile, Period, Sentence, reservationOn } from './types';
import { NOUNS, audienceGroup, certificateName, count, date, km, list } from './wording';

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
      nl: `Op ${km(x.distanceKm, 'nl')} is de plek verder dan de ${km(x.profile.maxTravelKm, 'nl')} die de leerling kan reizen.`,
      en: `At ${km(x.distanceKm, 'en')} the placement is beyond the student's ${km(x.profile.maxTravelKm, 'en')}.`,
    }),
  },
  {
    limit: HardLimit.TRAVEL_TOO_LONG,
    broken: (x) => x.profile.maxTravelMinutes !== null && x.travelMinutes > x.profile.maxTravelMinutes,
    say: (x) => ({
      nl: `Reistijd ongeveer ${count(x.travelMinutes, NOUNS.minute, 'nl')}, meer dan ${count(x.profile.maxTravelMinutes!, NOUNS.minute, 'nl')}.`,
      en: `About ${count(x.travelMinutes, NOUNS.minute, 'en')} of travel, more than ${count(x.profile.maxTravelMinutes!, NOUNS.minute, 'en')}.`,
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
    // Paused "until" a day includes that day: the limit holds while pausedUntil >= the period's start.
    say: (_x, c) => ({
      nl: `De werkgever neemt tot en met ${date(c.pausedUntil!, 'nl')} geen nieuwe stagiairs aan.`,
      en: `The employer takes no new students up to and including ${date(c.pausedUntil!, 'en')}.`,
    }),
  },
  {
    limit: HardLimit.AUDIENCE,
    broken: (x, c) => !c.audiences.includes(x.profile.audience),
    say: (x) => ({
      nl: `De plek staat niet open voor ${audienceGroup(x.profile.audience, 'nl')}.`,
      en: `The placement is not open to ${audienceGroup(x.profile.audience, 'en')}.`,
    }),
  },
  {
    limit: HardLimit.NOT_AVAILABLE,
    broken: (x, c) => c.availableFrom > x.period.from || (c.availableUntil !== null && c.availableUntil < x.period.to),
    // Both ends are inclusive days, for the placement and for the period.
    say: (x, c) => {
      const until = (lang: 'nl' | 'en') => (c.availableUntil ? ` ${lang === 'nl' ? 'tot en met' : 'up to and including'} ${date(c.availableUntil, lang)}` : '');
      return {
        nl: `De plek is beschikbaar vanaf ${date(c.availableFrom, 'nl')}${until('nl')}; dat dekt niet de hele periode van ${date(x.period.from, 'nl')} tot en met ${date(x.period.to, 'nl')}.`,
        en: `The placement is available from ${date(c.availableFrom, 'en')}${until('en')}, which does not cover the whole period from ${date(x.period.from, 'en')} up to and including ${date(x.period.to, 'en')}.`,
      };
    },
  },
  {
    limit: HardLimit.NO_FREE_SEAT,
    broken: (x, c) => freeSeatsDuring(c.seats, c.claims, x.period.from, x.period.to) === 0,
    say: (_x, c) =>
      c.seats === 0
        ? { nl: 'De plek heeft op dit moment geen plaatsen.', en: 'The placement has no seats at the moment.' }
        : c.seats === 1
          ? { nl: 'De enige plek is in deze periode bezet.', en: 'The only seat is taken in this period.' }
          : c.seats === 2
            ? { nl: 'Beide plekken zijn in deze periode bezet.', en: 'Both seats are taken in this period.' }
            : {
                nl: `Alle ${count(c.seats, NOUNS.seat, 'nl')} zijn in deze periode bezet.`,
                en: `All ${count(c.seats, NOUNS.seat, 'en')} are taken in this period.`,
              },
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
      const missing = c.requiredCertificates.filter((cert) => !x.profile.certificates.includes(cert));
      const names = (lang: 'nl' | 'en') =>
        list(
          missing.map((cert) => certificateName(cert, lang)),
          lang,
        );
      return missing.length === 1
        ? { nl: `Het vereiste certificaat ${names('nl')} ontbreekt.`, en: `The required certificate ${names('en')} is missing.` }
        : { nl: `De vereiste certificaten ${names('nl')} ontbreken.`, en: `The required certificates ${names('en')} are missing.` };
    },
  },
  QUALIFICATION_RULE,
  {
    limit: HardLimit.RESERVED,
    // Judged at the period's start, like a pause: a reservation ending before it leaves the placement open.
    broken: (x, c) => {
      const held = reservationOn(c, x.period.from);
      return held !== null && held.organisationId !== x.profile.organisationId;
    },
    say: (_x, c) => ({
      nl: `De plek is tot en met ${date(c.reservation!.until, 'nl')} gereserveerd voor ${c.reservation!.organisationName}.`,
      en: `The placement is reserved for ${c.reservation!.organisationName} up to and including ${date(c.reservation!.until, 'en')}.`,
    }),
  },
];

/** What the organisation a placement is reserved for should know when it is offered to them. */
export function reservationNotes(x: Pick<LimitContext, 'profile' | 'period'>, c: Candidate): Sentence[] {
  const held = reservationOn(c, x.period.from);
  if (!held || held.organisationId !== x.profile.organisationId) return [];
  return [
    {
      nl: `Gereserveerd voor jullie tot en met ${date(held.until, 'nl')}; daarna staat de plek open voor iedereen.`,
      en: `Reserved for you up to and including ${date(held.until, 'en')}; after that the placement is open to everyone.`,
    },
  ];
}

/** Every hard limit the placement breaks, each with a sentence a coordinator can read; empty means it may be proposed. */
export function hardLimitsBroken(x: LimitContext, c: Candidate): Exclusion[] {
  return RULES.filter((rule) => rule.broken(x, c)).map((rule) => ({ limit: rule.limit, ...rule.say(x, c) }));
}
