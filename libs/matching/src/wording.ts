/**
 * Small helpers for the sentences matching shows coordinators, in Dutch and English: counted nouns
 * with the right plural ("1 plek", "2 plekken"), decimal commas in Dutch ("9,4 km"), dates written
 * out ("14 januari 2027"), lists joined with "en"/"and", and a capital first letter. Every template
 * goes through these, and a test runs every template through the rules.
 */

export type Lang = 'nl' | 'en';

/** A noun's singular and plural, per language. */
export interface Noun {
  nl: [string, string];
  en: [string, string];
}

export const NOUNS = {
  seat: { nl: ['plek', 'plekken'], en: ['seat', 'seats'] },
  student: { nl: ['leerling', 'leerlingen'], en: ['student', 'students'] },
  supervisor: { nl: ['opgeleide begeleider', 'opgeleide begeleiders'], en: ['trained supervisor', 'trained supervisors'] },
  experience: { nl: ['ervaring', 'ervaringen'], en: ['experience', 'experiences'] },
  workingDay: { nl: ['werkdag', 'werkdagen'], en: ['working day', 'working days'] },
  minute: { nl: ['minuut', 'minuten'], en: ['minute', 'minutes'] },
} satisfies Record<string, Noun>;

/** "1 plek", "2 plekken", "0 plekken"; "1 seat", "2 seats". */
export function count(n: number, noun: Noun, lang: Lang): string {
  return `${n} ${noun[lang][n === 1 ? 0 : 1]}`;
}

/** A number with at most `digits` decimals, a comma in Dutch and a point in English: 9,4 / 9.4; 12 stays 12. */
export function decimal(x: number, lang: Lang, digits = 1): string {
  const fixed = x.toFixed(digits);
  const trimmed = digits > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
  return lang === 'nl' ? trimmed.replace('.', ',') : trimmed;
}

/** Kilometres for display, rounded to 0.1 km here only (the API keeps full precision). */
export const km = (x: number, lang: Lang): string => `${decimal(x, lang, 1)} km`;

const MONTHS: Record<Lang, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** An ISO day written out: "14 januari 2027", "14 January 2027". */
export function date(isoDay: string, lang: Lang): string {
  const [y, m, d] = isoDay.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[lang][m - 1]} ${y}`;
}

/** "a", "a en b", "a, b en c"; "a and b", "a, b and c". */
export function list(items: readonly string[], lang: Lang): string {
  const and = lang === 'nl' ? 'en' : 'and';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** The audience as coordinators write it: PrO, VSO, PLP. */
export function audienceName(audience: string): string {
  return audience === 'PRO' ? 'PrO' : audience;
}

/** First letter in capitals (a sentence may start with a lower-case value). */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
