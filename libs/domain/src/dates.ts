/** Today as an ISO day (YYYY-MM-DD, UTC). */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** An ISO day moved by `days` (may be negative). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
