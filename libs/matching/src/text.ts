import { SYNONYM_GROUPS } from '@stagebank/domain';
import { newStemmer } from 'snowball-stemmers';

/** The Snowball Dutch stemmer (Porter's algorithm for Dutch): dieren → dier, schoonmaken and schoonmaak → schoonmak. */
const dutch = newStemmer('dutch');

/**
 * Words that say nothing about the work: the Snowball project's Dutch stop-word list, plus the
 * generic words of vacancy texts and students' wishes ("werken met …", "medewerker …", "leuk"),
 * which otherwise make any two texts overlap.
 */
const STOP_WORDS = new Set(
  (
    'aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou ' +
    'werk werken werkt medewerker medewerkster hulp graag leuk vind vindt bezig dingen ding beetje goed mee doet maken lekker'
  ).split(' '),
);

/** Shortest word or compound part that counts (shorter ones are mostly particles and fragments). */
const MIN_LENGTH = 3;

/** Lower case, accents off, split into words. */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= MIN_LENGTH);
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = dutch.stem(word);
    if (stemCache.size < 100_000) stemCache.set(word, s);
  }
  return s;
}

/** The content words of a text, stemmed: stop words and generic work words left out. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

/**
 * The stems a word offers for matching: its own, and, since Dutch writes compounds as one word
 * (dierverzorging, timmerwerkplaats, fietsenmaker), the stems of both sides of every split into
 * parts of three letters or more. A student's interest ("dieren" → dier) then meets the compound's
 * part (dier|verzorging) without a dictionary of compounds. Only the placement side is split: split
 * interests would match on fragments ("zorg" out of "dierverzorging").
 */
export function offeredStems(word: string): string[] {
  const out = [stem(word)];
  for (let i = MIN_LENGTH; i <= word.length - MIN_LENGTH; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (!/[aeiouy]/.test(left) || !/[aeiouy]/.test(right)) continue;
    out.push(stem(left), stem(right));
  }
  return out;
}

/** Stem → the stems of every word in its synonym group (the groups search uses). */
const SYNONYM_STEMS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS) {
    const stems = [...new Set(group.map(stem))];
    for (const s of stems) map.set(s, [...new Set([...(map.get(s) ?? []), ...stems])]);
  }
  return map;
})();

/**
 * What one interest ("werken met dieren") looks for: its content stems and their trade synonyms.
 * Empty when the interest is only stop words: it then neither matches nor counts.
 */
export function interestTerms(interest: string): string[] {
  const terms = new Set<string>();
  for (const s of contentStems(interest)) {
    terms.add(s);
    for (const synonym of SYNONYM_STEMS.get(s) ?? []) terms.add(synonym);
  }
  return [...terms];
}

/** Everything a placement's title and tasks offer, as one set; computed once per distinct text. */
export function placementTerms(texts: readonly string[]): Set<string> {
  const terms = new Set<string>();
  for (const text of texts) for (const w of words(text)) if (!STOP_WORDS.has(w)) for (const s of offeredStems(w)) terms.add(s);
  return terms;
}

/** The placement's own words (as written) that meet an interest, for the explanation: "dieren (dierverzorging)". */
export function overlappingWords(terms: readonly string[], texts: readonly string[]): string[] {
  const wanted = new Set(terms);
  const found: string[] = [];
  for (const text of texts) {
    for (const w of words(text)) {
      if (STOP_WORDS.has(w) || found.includes(w)) continue;
      if (offeredStems(w).some((s) => wanted.has(s))) found.push(w);
    }
  }
  return found;
}
