import { addDays } from './dates';
import { InternshipStatus, OCCUPYING_STATUSES } from './enums';

/** An internship as far as seat occupancy is concerned. Dates are ISO days, both inclusive. */
export interface SeatClaim {
  startDate: string;
  endDate: string;
  status: InternshipStatus;
}

export const holdsSeat = (claim: SeatClaim): boolean => OCCUPYING_STATUSES.includes(claim.status);

/** Claims holding a seat on any day of [from, to]. */
export function overlappingClaims<T extends SeatClaim>(claims: T[], from: string, to: string): T[] {
  return claims.filter((c) => holdsSeat(c) && c.startDate <= to && c.endDate >= from);
}

/** Seats left for a new internship over [from, to]: seats minus the claims overlapping that period. */
export function freeSeatsDuring(seats: number, claims: SeatClaim[], from: string, to: string): number {
  // Counted in a loop, not with overlappingClaims: matching calls this for every placement in reach.
  let taken = 0;
  for (const c of claims) if (c.startDate <= to && c.endDate >= from && holdsSeat(c)) taken++;
  return Math.max(0, seats - taken);
}

/** The first day a seat frees up when all are taken on `day`: the day after the earliest claim ends. */
export function nextOpeningAfter(seats: number, claims: SeatClaim[], day: string): string | null {
  const current = overlappingClaims(claims, day, day);
  if (current.length < seats) return day;
  const earliestEnd = current.map((c) => c.endDate).sort()[0];
  if (!earliestEnd) return null;
  return addDays(earliestEnd, 1);
}

/** The most seats held at once on any day from `from` on: a placement may not shrink below it. */
export function peakOccupancyFrom(claims: SeatClaim[], from: string): number {
  const relevant = claims.filter((c) => holdsSeat(c) && c.endDate >= from);
  // Occupancy only rises on a start day (or on `from` itself), so the peak is on one of those days.
  const days = [from, ...relevant.map((c) => c.startDate).filter((d) => d > from)];
  return days.reduce((peak, day) => Math.max(peak, overlappingClaims(relevant, day, day).length), 0);
}
