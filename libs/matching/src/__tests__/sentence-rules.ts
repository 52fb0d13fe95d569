import { NOUNS } from '../wording';

const NOUN_WORDS = Object.values(NOUNS).flatMap((n) => [n.nl[0], n.en[0]]);
const PLURAL_WORDS = Object.values(NOUNS).flatMap((n) => [n.nl[1], n.en[1]]);

/** Every rule a sentence shown to a coordinator must keep; returns the broken ones. */
export function broken(s: string, lang: 'nl' | 'en'): string[] {
  const problems: string[] = [];
  if (!/^[A-Z]/.test(s)) problems.push('starts without a capital');
  if (!/[.]$/.test(s)) problems.push('does not end with a full stop');
  if (/\w\((en|s|n|e)\)/.test(s)) problems.push('has a "(en)"/"(s)" plural');
  if (/\d{4}-\d{2}-\d{2}/.test(s)) problems.push('has an ISO date');
  if (lang === 'nl' && /\d\.\d/.test(s)) problems.push('has a decimal point in Dutch');
  if (lang === 'en' && /\d,\d/.test(s)) problems.push('has a decimal comma in English');
  if (/\bPRO\b/.test(s)) problems.push('writes PRO for PrO');
  if (/\b[A-Z]+_[A-Z_]+\b/.test(s)) problems.push('shows an enum code');
  if (/ {2}| [.,;:]/.test(s)) problems.push('has stray spaces');
  if (/\d+\.\d{2,}/.test(s) || /\d+,\d{2,}/.test(s)) problems.push('shows more than one decimal');
  for (const w of PLURAL_WORDS) if (new RegExp(`(^|\\D)1 ${w}\\b`).test(s)) problems.push(`"1 ${w}"`);
  for (const w of NOUN_WORDS) if (new RegExp(`(^|[^\\d])(0|[2-9]|\\d{2,}) ${w}\\b`).test(s)) problems.push(`a plural count with singular "${w}"`);
  if (/\b(Alle|All) (1|0) /.test(s)) problems.push('"Alle 1"');
  if (lang === 'nl' && /\btot (?!en met)\d/.test(s)) problems.push('"tot" a day without "en met"');
  return problems;
}
