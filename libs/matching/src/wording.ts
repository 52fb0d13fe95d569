/**
 * Small helpers for the sentences matching shows coordinators, in Dutch and English: counted nouns
 * with the right plural ("1 plek", "2 plekken"), decimal commas in Dutch ("9,4 km"), dates written
 * out ("14 januari 2027"), lists joined with "en"/"and", and a capital first letter. Every template
 * goes through these, and a test runs every template through the rules.
 */

import { Audience, Certificate } from '@stagebank/domain';

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

/** The audience as coordinators write it: PrO (not PRO), VSO, PLP. */
export function audienceName(audience: Audience): string {
  return audience === Audience.PRO ? 'PrO' : audience;
}

/** The people of an audience: "PrO-leerlingen", "PLP-deelnemers"; "PrO students", "PLP participants". */
export function audienceGroup(audience: Audience, lang: Lang): string {
  const adults = audience === Audience.PLP;
  return lang === 'nl'
    ? `${audienceName(audience)}-${adults ? 'deelnemers' : 'leerlingen'}`
    : `${audienceName(audience)} ${adults ? 'participants' : 'students'}`;
}

const CERTIFICATES: Record<Certificate, [string, string]> = {
  [Certificate.VCA]: ['VCA', 'VCA'],
  [Certificate.BHV]: ['BHV', 'BHV (emergency response)'],
  [Certificate.EHBO]: ['EHBO', 'EHBO (first aid)'],
  [Certificate.BASIC_CLEANING]: ['basis schoonmaak', 'basic cleaning'],
  [Certificate.HACCP]: ['HACCP', 'HACCP'],
  [Certificate.FORKLIFT]: ['heftruckcertificaat', 'forklift certificate'],
  [Certificate.DRIVING_LICENCE_B]: ['rijbewijs B', 'driving licence B'],
};

/** A certificate as a sentence names it, never the enum code. */
export const certificateName = (c: Certificate, lang: Lang): string => CERTIFICATES[c][lang === 'nl' ? 0 : 1];

/** A name inside a sentence: first letter in lower case unless the first word is an acronym ("ICT" stays). */
export function inSentence(name: string): string {
  const first = name.split(' ')[0];
  return first.length > 1 && first === first.toUpperCase() ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** First letter in capitals (a sentence may start with a lower-case value). */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
