/**
 * The trade synonym groups live in the domain library, so search and matching read one list:
 * a word that finds a placement in search also counts as that interest in matching.
 */
export { SYNONYM_GROUPS, meilisearchSynonyms, withSynonyms } from '@stagebank/domain';
