/**
 * A qualification (diploma), kept apart from short certificates (VCA, BHV, …): an mbo diploma by
 * crebo code and level (niveau 1 = Entree … 4), or a named one (e.g. "Diploma Helpende Zorg en
 * Welzijn" from before crebo codes, or a branch diploma). A placement may require some; a student
 * holds some.
 */
export interface Qualification {
  /** Five-digit crebo code of an mbo qualification; null for a named one. */
  crebo: string | null;
  /** mbo level 1–4; with a crebo, a required level is met by that crebo at the same or a higher level. */
  level: number | null;
  /** The qualification's name: required for a named one, a label for a crebo. */
  name: string | null;
}

export const MBO_LEVELS = [1, 2, 3, 4] as const;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** Whether the qualifications held meet one requirement: the same crebo (at the level asked or above), or the same name. */
export function meetsQualification(held: readonly Qualification[], required: Qualification): boolean {
  return held.some((q) => {
    if (required.crebo !== null) return q.crebo === required.crebo && (required.level === null || (q.level ?? 0) >= required.level);
    return required.name !== null && q.name !== null && fold(q.name) === fold(required.name);
  });
}

/** The required qualifications a student does not hold, in the placement's order. */
export function missingQualifications(held: readonly Qualification[], required: readonly Qualification[]): Qualification[] {
  return required.filter((r) => !meetsQualification(held, r));
}

/** How a coordinator names one: "Helpende Zorg en Welzijn (crebo 25498, niveau 2)" or "crebo 25498 niveau 2". */
export function qualificationLabel(q: Qualification, lang: 'nl' | 'en'): string {
  const level = q.level === null ? '' : lang === 'nl' ? `, niveau ${q.level}` : `, level ${q.level}`;
  if (q.crebo === null) return q.name ?? '';
  return q.name ? `${q.name} (crebo ${q.crebo}${level})` : `crebo ${q.crebo}${level.replace(/^, /, ' ')}`;
}

/** Problems with one qualification as entered (empty when valid), by field name. */
export function qualificationProblems(q: Qualification): Array<{ field: 'crebo' | 'level' | 'name'; message: string }> {
  const problems: Array<{ field: 'crebo' | 'level' | 'name'; message: string }> = [];
  if (q.crebo !== null && !/^\d{5}$/.test(q.crebo)) problems.push({ field: 'crebo', message: 'must be a 5-digit crebo code' });
  if (q.level !== null && !MBO_LEVELS.includes(q.level as 1)) problems.push({ field: 'level', message: 'must be an mbo level from 1 to 4' });
  if (q.crebo === null && (q.name === null || q.name.trim() === '')) problems.push({ field: 'name', message: 'a qualification needs a crebo code or a name' });
  if (q.crebo === null && q.level !== null) problems.push({ field: 'level', message: 'a level goes with a crebo code' });
  return problems;
}
