import { Injectable } from '@nestjs/common';
import { SECTORS, SUB_SECTORS } from '@stagebank/domain';
import {
  DOCUMENT_VIEW,
  EmployerDocumentRow,
  FILTER_FACET,
  KIND_WORDS,
  PlacementDocumentRow,
  SearchFacet,
  SearchIndexName,
  SearchRequest,
  SearchSort,
  TYPE_WORDS,
  fold,
  withSynonyms,
} from '@stagebank/search';
import { AreaRepository } from '../common/repository';

type Column = { kind: 'list' | 'flag'; sql: string };

/** The flag columns, named alike in both views. */
const FLAG_SQL = {
  [SearchFacet.BORIS_FLAG]: { kind: 'flag', sql: 'd.boris_flag' },
  [SearchFacet.SBB_RECOGNISED]: { kind: 'flag', sql: 'd.sbb_recognised' },
  [SearchFacet.HAS_FREE_SEAT]: { kind: 'flag', sql: 'd.has_free_seat' },
  [SearchFacet.ALLOWANCE_PAID]: { kind: 'flag', sql: 'd.allowance_paid' },
} as const;

/** The SQL behind each facet, per view: lists are text[], flags boolean (model.ts FACET_ATTRIBUTE for Meilisearch). */
const FACET_SQL: Record<SearchIndexName, Record<SearchFacet, Column>> = {
  [SearchIndexName.PLACEMENTS]: {
    [SearchFacet.SECTOR]: { kind: 'list', sql: 'ARRAY[d.sector]' },
    [SearchFacet.TAG]: { kind: 'list', sql: 'd.tags' },
    [SearchFacet.PLACEMENT_TYPE]: { kind: 'list', sql: 'ARRAY[d.type]' },
    [SearchFacet.EMPLOYER_KIND]: { kind: 'list', sql: 'ARRAY[d.employer_kind]' },
    [SearchFacet.AUDIENCE]: { kind: 'list', sql: 'd.audiences' },
    ...FLAG_SQL,
  },
  [SearchIndexName.EMPLOYERS]: {
    [SearchFacet.SECTOR]: { kind: 'list', sql: 'd.sectors' },
    [SearchFacet.TAG]: { kind: 'list', sql: 'd.tags' },
    [SearchFacet.PLACEMENT_TYPE]: { kind: 'list', sql: 'd.types' },
    [SearchFacet.EMPLOYER_KIND]: { kind: 'list', sql: 'ARRAY[d.employer_kind]' },
    [SearchFacet.AUDIENCE]: { kind: 'list', sql: 'd.audiences' },
    ...FLAG_SQL,
  },
};

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const caseOf = (column: string, words: Record<string, string>) =>
  `CASE ${column} ${Object.entries(words)
    .map(([key, word]) => `WHEN ${quote(key)} THEN ${quote(word)}`)
    .join(' ')} ELSE '' END`;
const SECTOR_WORDS = Object.fromEntries([...SECTORS.values()].map((s) => [s.code, s.nameNl]));
const TAG_WORDS = Object.fromEntries([...SUB_SECTORS.values()].map((t) => [t.code, t.nameNl]));
/** The tags' Dutch names, as Meilisearch's tagLabels. */
const tagWords = (column: string) => `(SELECT string_agg(${caseOf('t', TAG_WORDS)}, ' ') FROM unnest(${column}) t)`;

/** A document's searchable text: names first (weighed more), then all of it; folded once into the search tables. */
export const SEARCHABLE_TEXT: Record<SearchIndexName, { names: string; all: string }> = {
  [SearchIndexName.PLACEMENTS]: {
    names: `concat_ws(' ', d.title, d.employer_name)`,
    all: `concat_ws(' ', d.title, d.employer_name, array_to_string(d.tasks, ' '), d.place, d.site_name, ${caseOf('d.sector', SECTOR_WORDS)}, ${tagWords('d.tags')},
                     ${caseOf('d.type', TYPE_WORDS)}, ${caseOf('d.employer_kind', KIND_WORDS)}, d.description)`,
  },
  [SearchIndexName.EMPLOYERS]: {
    names: `concat_ws(' ', d.employer_name, d.site_name)`,
    all: `concat_ws(' ', d.employer_name, d.site_name, d.place, array_to_string(d.placement_titles, ' '),
                     (SELECT string_agg(${caseOf('x', SECTOR_WORDS)}, ' ') FROM unnest(d.sectors) x), ${tagWords('d.tags')}, ${caseOf('d.employer_kind', KIND_WORDS)},
                     (SELECT string_agg(${caseOf('y', TYPE_WORDS)}, ' ') FROM unnest(d.types) y), d.description)`,
  },
};
const folded = (sql: string) => `lower(unaccent(${sql}))`;

/** The PostgreSQL search's copy of each index's documents (migration SearchTables1795655000000; search-table.ts keeps it). */
export const SEARCH_TABLE: Record<SearchIndexName, string> = {
  [SearchIndexName.PLACEMENTS]: 'search_placement_row',
  [SearchIndexName.EMPLOYERS]: 'search_employer_row',
};

/** Every word any document has had (search-table.ts adds them), for looking up a query's word once. */
export const SEARCH_WORDS = 'search_word';

/**
 * A folded text's distinct words, sorted: the runs of letters, digits and underscores, as a regular
 * expression's word boundaries (\m, \M) see them, so a word found here is one those would find.
 */
const wordsOf = (text: string) => `ARRAY(SELECT DISTINCT w FROM unnest(regexp_split_to_array(${text}, '[^[:alnum:]_]+')) w WHERE w <> '' ORDER BY w)`;

/** A document view's rows with their searchable text folded and its words: what the search tables hold, column for column. */
export const documentRows = (index: SearchIndexName): string =>
  `SELECT r.*, ${wordsOf('r.all_text')} AS words
     FROM (SELECT d.*, ${folded(SEARCHABLE_TEXT[index].names)} AS names_text, ${folded(SEARCHABLE_TEXT[index].all)} AS all_text FROM ${DOCUMENT_VIEW[index]} d) r`;

/** A word the search tables' `words` hold as it is (lowercase ASCII letters and digits, as most folded words are). */
const ONE_WORD = /^[a-z0-9]+$/;

const escapeRegex = (word: string) => word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** Words of 5 letters or more may carry a typo (Meilisearch allows one there); a trigram match finds them. */
const TYPO_MIN_LENGTH = 5;
const TYPO_SIMILARITY = 0.6;

/** A row of a document view (search_placement_document or search_employer_document). */
export type DocumentRow = PlacementDocumentRow | EmployerDocumentRow;

/** What the fallback search found: the total, one page of rows, and the facet counts. */
export interface SearchRows {
  total: number;
  /** Rows of the document view, with their score and distance. */
  hits: Array<Record<string, any>>;
  facets: Array<{ facet: SearchFacet; value: string; count: number }>;
}

/**
 * The search area's SQL (see ARCHITECTURE.md, "Where SQL lives"): the document views that
 * Meilisearch's documents are made of, and the PostgreSQL search over them. The consumer of the
 * change stream (search-outbox.ts) and the indexer's counts (search-indexer.ts) keep theirs.
 */
@Injectable()
export class SearchRepository extends AreaRepository {
  /** The documents with these ids, as the view has them now. */
  documentsWithIds(index: SearchIndexName, ids: string[]): Promise<DocumentRow[]> {
    return this.manager.query(`SELECT * FROM ${DOCUMENT_VIEW[index]} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Up to `limit` documents with ids after `after`, in id order (one batch of a full read). */
  documentsAfter(index: SearchIndexName, after: string, limit: number): Promise<DocumentRow[]> {
    return this.manager.query(`SELECT * FROM ${DOCUMENT_VIEW[index]} WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  }

  /**
   * The PostgreSQL search: word-prefix matches with Dutch synonyms, trigram similarity for typos,
   * PostGIS for the radius; `words` are the query's words (see queryWords), folded. It reads the
   * search tables (their trigram and location indexes), or the document views themselves while the
   * tables are not filled yet (`fromTables` false): the same rows, computed per query.
   */
  async searchDocuments(request: SearchRequest, words: string[], fromTables: boolean): Promise<SearchRows> {
    const { index, filter, near } = request;
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (!filter.includeClosed) where.push('d.open');
    if (filter.hideReservedExceptFor && index === SearchIndexName.PLACEMENTS) {
      where.push(`(d.reserved_for IS NULL OR d.reserved_for = ${param(filter.hideReservedExceptFor)}::uuid)`);
    }
    for (const [key, facet] of FILTER_FACET) {
      const value = filter[key];
      const column = FACET_SQL[index][facet];
      if (Array.isArray(value) && value.length) where.push(`${column.sql} && ${param(value)}::text[]`);
      if (typeof value === 'boolean') where.push(`${column.sql} = ${param(value)}`);
    }
    if (filter.verified?.length) where.push(`d.verified @> ${param(filter.verified)}::text[]`);
    let distance = 'NULL::float8';
    if (near) {
      const point = `ST_SetSRID(ST_MakePoint(${param(near.longitude)}, ${param(near.latitude)}), 4326)::geography`;
      where.push(`ST_DWithin(d.location, ${point}, ${param(near.radiusKm * 1000)}, false)`);
      distance = `ST_Distance(d.location, ${point}, false)`;
    }

    const scores: string[] = [];
    words.forEach((word, i) => {
      // As Meilisearch reads a query: the last word may be the start of a longer word, the others
      // are whole words; synonyms are whole words; words of 5+ letters may carry a typo (`<%` is
      // word_similarity above pg_trgm's threshold, 0.6 unless an operator changed it; the explicit
      // bound keeps the meaning either way).
      const last = i === words.length - 1;
      const synonyms = withSynonyms(word)
        .slice(1)
        .map((synonym) => fold(synonym));
      const typo = word.length >= TYPO_MIN_LENGTH ? param(word) : null;
      const matches: string[] = [];
      if (fromTables && ONE_WORD.test(word)) {
        // On the tables: the words that qualify are looked up once in search_word, and the documents
        // found by their words (an index lookup, nothing computed per document).
        const qualifies = [last ? `w.word LIKE ${param(`${word}%`)}` : `w.word = ${param(word)}`];
        const whole = synonyms.filter((synonym) => ONE_WORD.test(synonym));
        if (whole.length) qualifies.push(`w.word = ANY(${param(whole)}::text[])`);
        if (typo) qualifies.push(`(${typo} <% w.word AND word_similarity(${typo}, w.word) >= ${TYPO_SIMILARITY})`);
        matches.push(`d.words && (SELECT coalesce(array_agg(w.word), '{}') FROM ${SEARCH_WORDS} w WHERE ${qualifies.join(' OR ')})`);
        for (const synonym of synonyms.filter((s) => !ONE_WORD.test(s))) matches.push(`d.all_text ~ ${param(`\\m${escapeRegex(synonym)}\\M`)}`);
      } else {
        // On the views (or for a word of other letters): regular expressions and word similarity over
        // the whole text. A typo there may also span two words, which the tables' lookup does not find.
        matches.push(`d.all_text ~ ${param(`\\m${escapeRegex(word)}${last ? '' : '\\M'}`)}`);
        for (const synonym of synonyms) matches.push(`d.all_text ~ ${param(`\\m${escapeRegex(synonym)}\\M`)}`);
        if (typo) matches.push(`(${typo} <% d.all_text AND word_similarity(${typo}, d.all_text) >= ${TYPO_SIMILARITY})`);
      }
      where.push(`(${matches.join(' OR ')})`);
      const prefix = param(`\\m${escapeRegex(word)}`);
      scores.push(`(CASE WHEN d.names_text ~ ${prefix} THEN 3 WHEN d.all_text ~ ${prefix} THEN 1 ELSE 0 END)`);
    });
    const phrase = words.length ? param(words.join(' ')) : '';
    const score = words.length
      ? `(CASE WHEN ${folded(index === SearchIndexName.PLACEMENTS ? 'd.title' : 'd.employer_name')} = ${phrase} THEN 100 ELSE 0 END
          + ${scores.join(' + ')} + word_similarity(${phrase}, d.names_text))`
      : '0';
    const source = fromTables ? SEARCH_TABLE[index] : `(${documentRows(index)})`;

    const order = (of = '') => this.order(request, words.length > 0, of);
    const best =
      index === SearchIndexName.EMPLOYERS
        ? `SELECT DISTINCT ON (m.employer_id) * FROM m ORDER BY m.employer_id, m.score DESC, m.distance ASC NULLS LAST, m.id`
        : `SELECT * FROM m`;
    const facets = request.facets.map((facet) => {
      const column = FACET_SQL[index][facet].sql.replace(/\bd\./g, 'b.');
      const name = quote(facet);
      return FACET_SQL[index][facet].kind === 'list'
        ? `SELECT ${name} AS facet, v AS value, count(*)::int AS count FROM best b CROSS JOIN unnest(${column}) v GROUP BY v`
        : `SELECT ${name} AS facet, (${column})::text AS value, count(*)::int AS count FROM best b GROUP BY 2`;
    });
    // From the tables, the matches carry only what ordering, one hit per employer and the asked
    // facets read, and the page's rows are read again by id: thousands of whole rows copied twice
    // (and spilled to disk) were a third of a large search's time. The views are not read twice.
    const page = `${order()} OFFSET ${param(request.offset)} LIMIT ${param(request.limit)}`;
    // Scoring reads each match's text (regular expressions and word similarity): a third of a large
    // search. Sorted by distance or date, the score only breaks ties of distance or does not count,
    // so from the tables only the page's rows are scored: those up to the page's last distance
    // (its ties included, so the order is the same as scoring all), or the page's rows by date.
    const scoreThePageOnly = fromTables && words.length > 0 && index === SearchIndexName.PLACEMENTS && this.scoreBreaksTiesOnly(request);
    const [columns, hits] = fromTables
      ? [
          [
            ...new Set([
              'id',
              'employer_id',
              'created_at',
              ...request.facets.flatMap((f) => [...FACET_SQL[index][f].sql.matchAll(/\bd\.(\w+)/g)].map((m) => m[1])),
            ]),
          ]
            .map((column) => `d.${column}`)
            .join(', '),
          `SELECT d.*, p.score, p.distance FROM (${scoreThePageOnly ? this.scoredPage(request, score, source, page, param) : `SELECT * FROM best ${page}`}) p JOIN ${source} d ON d.id = p.id ${order('p.')}`,
        ]
      : ['d.*', `SELECT * FROM best ${page}`];
    // Its estimated cost is high enough for PostgreSQL to JIT-compile its expressions, which took
    // 130–160 ms of a 500–900 ms search at national scale (EXPLAIN ANALYZE): more than it saves.
    const [result] = await this.manager.transaction(async (tx) => {
      await tx.query(`SET LOCAL jit = off`);
      return tx.query(
        `WITH m AS MATERIALIZED (SELECT ${columns}, ${scoreThePageOnly ? 'NULL::float8' : score} AS score, ${distance} AS distance FROM ${source} d
                               WHERE ${where.length ? where.join(' AND ') : 'true'}),
            best AS MATERIALIZED (${best})
       SELECT (SELECT count(*)::int FROM best) AS total,
              (SELECT coalesce(json_agg(h), '[]') FROM (${hits}) h) AS hits,
              ${facets.length ? `(SELECT coalesce(json_agg(f), '[]') FROM (${facets.join(' UNION ALL ')}) f)` : `'[]'::json`} AS facets`,
        params,
      );
    });
    return result;
  }

  /**
   * The page's matches with their score, scoring only what the page needs: sorted by date, the
   * page's own rows; sorted by distance, every match up to the page's last distance (its ties
   * included, so that the score orders them as it would if every match were scored).
   */
  private scoredPage(request: SearchRequest, score: string, source: string, page: string, param: (value: unknown) => string): string {
    const scored = (candidates: string) => `SELECT b.id, b.created_at, b.distance, ${score} AS score FROM (${candidates}) b JOIN ${source} d ON d.id = b.id`;
    if (request.sort !== SearchSort.DISTANCE) return scored(`SELECT * FROM best ${page}`);
    const last = `SELECT max(c.distance) FROM (SELECT distance FROM best ORDER BY distance LIMIT ${param(request.offset + request.limit)}) c`;
    return `SELECT * FROM (${scored(`SELECT * FROM best WHERE distance <= (${last})`)}) s ${page}`;
  }

  /** Whether the hits' order reads the score only to break ties of distance, or not at all. */
  private scoreBreaksTiesOnly(request: SearchRequest): boolean {
    return (request.sort === SearchSort.DISTANCE && request.near !== null) || request.sort === SearchSort.NEWEST;
  }

  /** The hits' order; `of`, the relation's name and a dot where the columns need one. */
  private order(request: SearchRequest, hasWords: boolean, of: string): string {
    if (request.sort === SearchSort.DISTANCE && request.near) return `ORDER BY ${of}distance ASC, ${of}score DESC, ${of}id`;
    if (request.sort === SearchSort.NEWEST || !hasWords) return `ORDER BY ${of}created_at DESC, ${of}id`;
    return `ORDER BY ${of}score DESC, ${of}id`;
  }
}
