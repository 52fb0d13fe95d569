import { PlacementType, StudentConstraint, Weekday } from './enums';

/** Two or more fields that cannot all be true at once, and why; `fields` are input field names. */
export interface Contradiction {
  fields: string[];
  message: string;
}

const WEEKEND: readonly Weekday[] = [Weekday.SAT, Weekday.SUN];
/** More than this many hours on one working day is not a school placement. */
const MAX_HOURS_PER_DAY = 10;

/** What a placement says about itself that cannot all hold (the whole state after a write, not only the changed fields). */
export function placementContradictions(p: {
  days: readonly Weekday[];
  weekendWork: boolean;
  hoursPerWeek: number;
  type: PlacementType;
  crebo?: string | null;
  werkprocessen: readonly string[];
}): Contradiction[] {
  const found: Contradiction[] = [];
  const weekendDays = p.days.filter((d) => WEEKEND.includes(d));
  if (weekendDays.length && !p.weekendWork) {
    found.push({ fields: ['days', 'weekendWork'], message: `days include ${weekendDays.join(' and ')} while weekendWork is false` });
  }
  if (p.weekendWork && p.days.length > 0 && weekendDays.length === 0) {
    found.push({ fields: ['weekendWork', 'days'], message: 'weekendWork is true but days name no Saturday or Sunday' });
  }
  if (p.days.length > 0 && p.hoursPerWeek > p.days.length * MAX_HOURS_PER_DAY) {
    found.push({
      fields: ['hoursPerWeek', 'days'],
      message: `${p.hoursPerWeek} hours a week on ${p.days.length} day(s) is more than ${MAX_HOURS_PER_DAY} hours a day`,
    });
  }
  if (p.type === PlacementType.PRAKTIJKLEREN && !p.crebo) {
    found.push({ fields: ['type', 'crebo'], message: 'a PRAKTIJKLEREN placement works toward a praktijkverklaring and needs the crebo it is for' });
  }
  if (p.werkprocessen.length > 0 && !p.crebo) {
    found.push({ fields: ['werkprocessen', 'crebo'], message: 'werkprocessen belong to a qualification: give the crebo they are from' });
  }
  return found;
}

/** What a student profile says that cannot all hold. */
export function studentContradictions(s: {
  constraints: readonly StudentConstraint[];
  availableDays: readonly Weekday[];
  targetCrebo?: string | null;
  targetWerkprocessen: readonly string[];
}): Contradiction[] {
  const found: Contradiction[] = [];
  const weekendDays = s.availableDays.filter((d) => WEEKEND.includes(d));
  if (weekendDays.length && s.constraints.includes(StudentConstraint.NO_WEEKENDS)) {
    found.push({ fields: ['availableDays', 'constraints'], message: `availableDays include ${weekendDays.join(' and ')} while constraints say NO_WEEKENDS` });
  }
  if (s.targetWerkprocessen.length > 0 && !s.targetCrebo) {
    found.push({ fields: ['targetWerkprocessen', 'targetCrebo'], message: 'target werkprocessen need the target crebo they belong to' });
  }
  return found;
}
