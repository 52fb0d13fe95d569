import { Certificate, EmployerStatus, StudentConstraint, SUPPORT_RANK, freeSeatsDuring } from '@stagebank/domain';
import { Candidate, Exclusion, HardLimit, MatchProfile, Period } from './types';

const has = (profile: MatchProfile, constraint: StudentConstraint) => profile.constraints.includes(constraint);

/**
 * Every hard limit the placement breaks for this student and period, each with a sentence a
 * coordinator can read. Empty means the placement is a possible match.
 */
export function hardLimitsBroken(profile: MatchProfile, c: Candidate, period: Period, distanceKm: number, travelMinutes: number): Exclusion[] {
  const out: Exclusion[] = [];
  const add = (limit: HardLimit, nl: string, en: string) => out.push({ limit, nl, en });

  if (c.employerStatus === EmployerStatus.STOPPED) add(HardLimit.EMPLOYER_STOPPED, 'De werkgever neemt geen stagiairs meer aan.', 'The employer no longer takes students.');
  if (c.employerStatus === EmployerStatus.PAUSED && c.pausedUntil !== null && c.pausedUntil >= period.from) {
    add(HardLimit.EMPLOYER_PAUSED, `De werkgever neemt tot ${c.pausedUntil} geen nieuwe stagiairs aan.`, `The employer takes no new students until ${c.pausedUntil}.`);
  }
  if (!c.audiences.includes(profile.audience)) {
    add(HardLimit.AUDIENCE, `De plek staat niet open voor ${profile.audience}-leerlingen.`, `The placement is not open to ${profile.audience} students.`);
  }
  if (c.availableFrom > period.from || (c.availableUntil !== null && c.availableUntil < period.to)) {
    const window = `${c.availableFrom} – ${c.availableUntil ?? '…'}`;
    add(HardLimit.NOT_AVAILABLE, `De plek is beschikbaar van ${window}, niet voor deze periode.`, `The placement is available ${window}, not for this period.`);
  }
  if (freeSeatsDuring(c.seats, c.claims, period.from, period.to) === 0) {
    add(HardLimit.NO_FREE_SEAT, `Alle ${c.seats} plekken zijn bezet in deze periode.`, `All ${c.seats} seats are taken in this period.`);
  }
  if (distanceKm > profile.maxTravelKm) {
    add(HardLimit.TOO_FAR, `${distanceKm.toFixed(1)} km is verder dan de ${profile.maxTravelKm} km die de leerling kan reizen.`, `${distanceKm.toFixed(1)} km is beyond the student's ${profile.maxTravelKm} km.`);
  }
  if (profile.maxTravelMinutes !== null && travelMinutes > profile.maxTravelMinutes) {
    add(HardLimit.TRAVEL_TOO_LONG, `Reistijd ongeveer ${travelMinutes} min, meer dan ${profile.maxTravelMinutes} min.`, `About ${travelMinutes} min of travel, more than ${profile.maxTravelMinutes} min.`);
  }
  const enoughSupervision = SUPPORT_RANK[c.supervisionLevel] >= SUPPORT_RANK[profile.supportNeed] || c.schoolSupervisorRequired;
  if (!enoughSupervision) {
    add(HardLimit.SUPERVISION, 'De begeleiding is lichter dan de leerling nodig heeft.', 'The supervision offered is lighter than the student needs.');
  }
  if (has(profile, StudentConstraint.WHEELCHAIR) && !c.wheelchairAccessible) {
    add(HardLimit.WHEELCHAIR, 'De locatie is niet rolstoeltoegankelijk.', 'The site is not wheelchair accessible.');
  }
  if (has(profile, StudentConstraint.NO_WEEKENDS) && c.weekendWork) add(HardLimit.WEEKEND, 'Er wordt in het weekend gewerkt.', 'The placement includes weekend work.');
  if (has(profile, StudentConstraint.NO_CUSTOMER_CONTACT) && c.customerContact) {
    add(HardLimit.CUSTOMER_CONTACT, 'Het werk heeft klantcontact.', 'The work involves customer contact.');
  }
  if (has(profile, StudentConstraint.QUIET_WORKPLACE) && !c.quietWorkplace) add(HardLimit.QUIET_WORKPLACE, 'Geen rustige (prikkelarme) werkplek.', 'Not a quiet workplace.');
  const missing = c.requiredCertificates.filter((cert: Certificate) => !profile.certificates.includes(cert));
  if (missing.length) add(HardLimit.CERTIFICATES, `Vereist certificaat ontbreekt: ${missing.join(', ')}.`, `Required certificate missing: ${missing.join(', ')}.`);
  return out;
}
