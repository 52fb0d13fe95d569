import { crebosValidOn, Candidate, MatchProfile, Period, Sentence } from './types';

/**
 * The SBB-recognition criterion. With a praktijkverklaring as the goal, a recognition for the
 * target crebo counts most, then how many of the student's target werkprocessen the placement
 * teaches, then the Boris flag (the company is open to PrO/VSO students) on top. Without a goal,
 * the Boris flag and any recognition count as before.
 */
export interface RecognitionFit {
  raw: number;
  kind: 'target' | 'other-crebo' | 'boris-only' | 'none' | 'no-goal';
  /** The student's target werkprocessen that can be learned here (with a goal). */
  learnable: string[];
  /** Whether the placement's werkprocessen could be compared (the student named some and the placement lists some for this crebo). */
  compared: boolean;
}

/** Werkprocessen a placement teaches toward the target crebo: only when it works toward that crebo (or names none). */
export function learnableWerkprocessen(
  profile: Pick<MatchProfile, 'targetCrebo' | 'targetWerkprocessen'>,
  c: Pick<Candidate, 'crebo' | 'werkprocessen'>,
): string[] {
  if (!profile.targetCrebo || (c.crebo !== null && c.crebo !== profile.targetCrebo)) return [];
  const taught = new Set(c.werkprocessen.map((w) => w.trim().toUpperCase()));
  return profile.targetWerkprocessen.filter((w) => taught.has(w.trim().toUpperCase()));
}

export function recognitionFit(profile: MatchProfile, c: Candidate, period: Period): RecognitionFit {
  const crebos = crebosValidOn(c, period.from);
  const recognised = crebos.length > 0;
  if (!profile.targetCrebo) return { raw: c.borisFlag ? 1 : recognised ? 0.7 : 0.3, kind: 'no-goal', learnable: [], compared: false };
  if (crebos.includes(profile.targetCrebo)) {
    const learnable = learnableWerkprocessen(profile, c);
    const compared = profile.targetWerkprocessen.length > 0 && c.werkprocessen.length > 0 && (c.crebo === null || c.crebo === profile.targetCrebo);
    // Without werkprocessen to compare, a placement that works toward the target crebo is taken to teach it; one that names none, half.
    const coverage = compared ? learnable.length / profile.targetWerkprocessen.length : c.crebo === profile.targetCrebo ? 1 : 0.5;
    // The werkprocessen are what the praktijkverklaring certifies: a recognition where none of them can be
    // learned is worth barely more than one for another crebo (0.35), and full coverage most.
    return { raw: 0.4 + 0.45 * coverage + (c.borisFlag ? 0.15 : 0), kind: 'target', learnable, compared };
  }
  if (recognised) return { raw: 0.35 + (c.borisFlag ? 0.1 : 0), kind: 'other-crebo', learnable: [], compared: false };
  return { raw: c.borisFlag ? 0.3 : 0, kind: c.borisFlag ? 'boris-only' : 'none', learnable: [], compared: false };
}

const listed = (items: string[], lang: 'nl' | 'en') =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items[items.length - 1]}`;

export function recognitionSentence(profile: MatchProfile, c: Candidate, period: Period, fit: RecognitionFit): Sentence {
  const target = profile.targetCrebo;
  const boris: Sentence = c.borisFlag
    ? { nl: ' Met Boris-kenmerk: open voor PrO- en VSO-leerlingen.', en: ' With the Boris flag: open to PrO and VSO students.' }
    : { nl: '', en: '' };
  switch (fit.kind) {
    case 'target': {
      const head = {
        nl: `Erkend leerbedrijf voor crebo ${target}: praktijkverklaring mogelijk.`,
        en: `Recognised for crebo ${target}: a praktijkverklaring is possible.`,
      };
      const total = profile.targetWerkprocessen.length;
      const wp: Sentence = !fit.compared
        ? { nl: '', en: '' }
        : fit.learnable.length === 0
          ? { nl: ' Geen van de beoogde werkprocessen is hier te leren.', en: ' None of the target werkprocessen can be learned here.' }
          : {
              nl: ` Hier te leren: ${listed(fit.learnable, 'nl')} (${fit.learnable.length} van ${total} beoogde werkprocessen).`,
              en: ` Can be learned here: ${listed(fit.learnable, 'en')} (${fit.learnable.length} of ${total} target werkprocessen).`,
            };
      return { nl: head.nl + wp.nl + boris.nl, en: head.en + wp.en + boris.en };
    }
    case 'other-crebo':
      return { nl: `Erkend leerbedrijf, maar niet voor crebo ${target}.${boris.nl}`, en: `Recognised, but not for crebo ${target}.${boris.en}` };
    case 'boris-only':
      return { nl: 'Boris-kenmerk, maar geen geldige erkenning.', en: 'Boris flag, but no valid recognition.' };
    case 'none':
      return { nl: 'Geen erkend leerbedrijf: geen praktijkverklaring mogelijk.', en: 'Not a recognised learning company: no praktijkverklaring.' };
    case 'no-goal':
      return c.borisFlag
        ? { nl: 'Erkend leerbedrijf met Boris-kenmerk.', en: 'Recognised learning company with the Boris flag.' }
        : crebosValidOn(c, period.from).length
          ? { nl: 'Erkend leerbedrijf.', en: 'Recognised learning company.' }
          : { nl: 'Geen SBB-erkenning.', en: 'No SBB recognition.' };
  }
}
