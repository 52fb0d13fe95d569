/**
 * Words coordinators use for the same work. Each group is mutual: a search for one finds the
 * others. Meilisearch gets them as its synonyms setting; the PostgreSQL fallback expands query
 * words with the same groups; matching counts a student's interest as met by any word of its group.
 */
export const SYNONYM_GROUPS: readonly string[][] = [
  ['magazijn', 'logistiek', 'orderpicker', 'orderpicken', 'warehouse', 'expeditie'],
  ['kok', 'keuken', 'horeca', 'restaurant', 'kantine'],
  ['groen', 'hovenier', 'tuin', 'groenvoorziening', 'tuinieren', 'kwekerij'],
  ['schoonmaak', 'facilitair', 'schoonmaker', 'schoonmaken', 'huishouding'],
  ['bakker', 'bakkerij', 'banketbakker'],
  ['winkel', 'supermarkt', 'detailhandel', 'vakkenvullen', 'vakkenvuller'],
  ['zorg', 'verzorging', 'zorgcentrum', 'verpleeghuis', 'welzijn'],
  ['garage', 'autobedrijf', 'monteur', 'fietsenmaker', 'fietsenwerkplaats'],
  ['timmerman', 'timmeren', 'houtbewerking', 'timmerwerkplaats'],
  ['dieren', 'dierverzorging', 'dierenverzorging', 'kinderboerderij', 'dierenpension'],
  ['kapper', 'kapsalon', 'haarverzorging'],
  ['kinderopvang', 'kinderdagverblijf', 'peuterspeelzaal'],
];

/** Meilisearch's synonyms setting: every word maps to the rest of its group. */
export function meilisearchSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) for (const word of group) synonyms[word] = group.filter((w) => w !== word);
  return synonyms;
}

/** The word and its synonyms (lower case). */
export function withSynonyms(word: string): string[] {
  const lower = word.toLowerCase();
  const group = SYNONYM_GROUPS.find((g) => g.includes(lower));
  return group ? [lower, ...group.filter((w) => w !== lower)] : [lower];
}
