import { Fragment, Highlight } from './model';

/** Marks Meilisearch puts around matches; control characters never found in stored text. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Splits a marked string into fragments; null when nothing in it is marked. */
export function fragmentsOf(marked: string): Fragment[] | null {
  if (!marked.includes(MARK_START)) return null;
  const fragments: Fragment[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(MARK_START);
    if (start === -1) {
      fragments.push({ text: rest, matched: false });
      break;
    }
    if (start > 0) fragments.push({ text: rest.slice(0, start), matched: false });
    const end = rest.indexOf(MARK_END, start);
    const stop = end === -1 ? rest.length : end;
    fragments.push({ text: rest.slice(start + 1, stop), matched: true });
    rest = rest.slice(stop + 1);
  }
  return fragments.filter((f) => f.text.length > 0);
}

/** Highlights of the given fields of a marked document, in field order; list fields give one per marked element. */
export function highlightsOf(marked: Record<string, unknown>, fields: string[]): Highlight[] {
  const highlights: Highlight[] = [];
  for (const field of fields) {
    const value = marked[field];
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const fragments = fragmentsOf(v);
      if (fragments) highlights.push({ field, fragments });
    }
  }
  return highlights;
}

/** Lower case without diacritics, as PostgreSQL's lower(unaccent()) gives it: "Café" → "cafe". */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Marks every occurrence of the terms in `text` (case and accents ignored) the way Meilisearch
 * marks its matches; for the PostgreSQL fallback. Returns the text unchanged when nothing matches.
 */
export function markTerms(text: string, terms: string[]): string {
  const folded = fold(text);
  // Folding can change length (ligatures); mark only where it kept the text aligned.
  if (folded.length !== text.length || terms.length === 0) return text;
  const ranges: Array<[number, number]> = [];
  for (const term of terms.map(fold).filter((t) => t.length > 0)) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    out += text.slice(cursor, from) + MARK_START + text.slice(from, end) + MARK_END;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Long texts (descriptions) cut to about `words` words around the first match, as Meilisearch crops. */
export function cropAround(marked: string, words = 24): string {
  const tokens = marked.split(/\s+/);
  if (tokens.length <= words) return marked;
  const first = Math.max(
    0,
    tokens.findIndex((t) => t.includes(MARK_START)),
  );
  const start = Math.max(0, Math.min(first - Math.floor(words / 2), tokens.length - words));
  const piece = tokens.slice(start, start + words).join(' ');
  return `${start > 0 ? '…' : ''}${piece}${start + words < tokens.length ? '…' : ''}`;
}
