import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A query's last word is looked up in `search_word` as a prefix (`LIKE 'bakk%'`), beside its
 * synonyms (`= ANY`) and its typos (trigram `<%`), in one OR. The primary key's btree cannot serve
 * a LIKE prefix under a collation other than C, so PostgreSQL read all 250,000 words per query word
 * (148 ms nationally, on every search with words). With this index each arm of the OR is an index
 * scan (15 ms for a word of 5+ letters, the trigram arm being most of it; under 1 ms for a shorter one).
 */
export class SearchWordPrefix1795657500000 implements MigrationInterface {
  name = 'SearchWordPrefix1795657500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "search_word_prefix" ON "search_word" ("word" text_pattern_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_word_prefix"`);
  }
}
