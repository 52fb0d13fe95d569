import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * The PostgreSQL search's own copy of the search documents (apps/api/src/search/search-table.ts):
 * the columns of the views search_placement_document and search_employer_document, plus their
 * searchable text folded once (`names_text`, `all_text`) and the distinct words of that text
 * (`words`), so a search reads stored rows through a word and a location index instead of computing
 * every row's view and text per query. `search_word` holds every word any document has had: a
 * query's word is looked up there once (its prefix, synonyms and typos, through a trigram index on
 * a few hundred thousand short words) and the documents are then found by those words, rather than
 * by a regular expression or a word similarity computed over each candidate's whole text.
 *
 * The tables start empty and their consumer without a checkpoint: the first run of the search-table
 * job fills them from the views (which the schema folder has brought up to date by then) and makes
 * it; until then the search reads the views as before.
 */
export class SearchTables1795655000000 implements MigrationInterface {
  name = 'SearchTables1795655000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_placement_row" (
      "id" uuid PRIMARY KEY, "title" text, "description" text, "tasks" text[], "sector" text, "type" text, "audiences" text[],
      "allowance_paid" boolean, "created_at" timestamptz, "site_id" uuid, "site_name" text, "place" text, "postcode" text,
      "latitude" double precision, "longitude" double precision, "location" geography(Point, 4326),
      "employer_id" uuid, "employer_name" text, "employer_kind" text, "boris_flag" boolean, "sbb_recognised" boolean,
      "has_free_seat" boolean, "open" boolean, "tags" text[], "reserved_for" uuid, "verified" text[],
      "names_text" text NOT NULL, "all_text" text NOT NULL, "words" text[] NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "search_employer_row" (
      "id" uuid PRIMARY KEY, "site_name" text, "place" text, "postcode" text,
      "latitude" double precision, "longitude" double precision, "location" geography(Point, 4326),
      "employer_id" uuid, "employer_name" text, "employer_kind" text, "sectors" text[], "description" text, "created_at" timestamptz,
      "boris_flag" boolean, "sbb_recognised" boolean, "open" boolean, "placement_titles" text[], "types" text[], "audiences" text[],
      "allowance_paid" boolean, "has_free_seat" boolean, "tags" text[], "verified" text[],
      "names_text" text NOT NULL, "all_text" text NOT NULL, "words" text[] NOT NULL)`);
    for (const table of ['search_placement_row', 'search_employer_row']) {
      // Words; the regular expressions for what is not one word (a synonym of two) through a trigram
      // index; the radius; the newest first.
      await queryRunner.query(`CREATE INDEX "${table}_words" ON "${table}" USING gin ("words")`);
      await queryRunner.query(`CREATE INDEX "${table}_all_text" ON "${table}" USING gin ("all_text" gin_trgm_ops)`);
      await queryRunner.query(`CREATE INDEX "${table}_location" ON "${table}" USING gist ("location")`);
      await queryRunner.query(`CREATE INDEX "${table}_created_at" ON "${table}" ("created_at")`);
      await queryRunner.query(`GRANT SELECT ON "${table}" TO ${APP_ROLE}`);
    }
    await queryRunner.query(`CREATE TABLE "search_word" ("word" text PRIMARY KEY)`);
    // Prefixes (LIKE 'bakker%') and typos (word similarity) of a query's word.
    await queryRunner.query(`CREATE INDEX "search_word_trigram" ON "search_word" USING gin ("word" gin_trgm_ops)`);
    await queryRunner.query(`GRANT SELECT ON "search_word" TO ${APP_ROLE}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "change_checkpoint" WHERE "consumer" = 'search-table'`);
    await queryRunner.query(`DROP TABLE "search_word"`);
    await queryRunner.query(`DROP TABLE "search_employer_row"`);
    await queryRunner.query(`DROP TABLE "search_placement_row"`);
  }
}
