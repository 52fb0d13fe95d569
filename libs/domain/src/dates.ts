/** Today as an ISO day (YYYY-MM-DD, UTC). */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** An ISO day moved by `days` (may be negative). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same day `months` later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** A school year as stagebank writes it: "2026-2027", running from 1 August to 31 July. */
export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;

/** Whether `value` is a school year ("2026-2027": two consecutive years). */
export const isSchoolYear = (value: string): boolean => {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
};

/** The school year an ISO day falls in (it starts on 1 August). */
export function schoolYearOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 8 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** The school year after the one an ISO day falls in: what employers are asked about. */
export function comingSchoolYear(day: string): string {
  const start = Number(schoolYearOf(day).slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}
