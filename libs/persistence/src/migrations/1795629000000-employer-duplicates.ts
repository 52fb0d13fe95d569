import { MigrationInterface, QueryRunner } from 'typeorm';

/** Names this alike (pg_trgm similarity, accents and case ignored) at sites this close (m) are likely duplicates; so is one address. */
const NAME_SIMILARITY = 0.5;
const NEARBY_METERS = 500;

/**
 * Recognising an employer entered twice. Names compare folded (`stagebank_fold`: lower case, no
 * accents), with an index on employers' folded names for the CSV import's match by name. Likely
 * duplicate employers are kept current as sites and names change: a site written compares only
 * with its neighbours (the GiST index, at most a few hundred sites within 500 m), so
 * `duplicateCandidates` reads a table instead of comparing every pair of the 300,000 sites of a
 * national network (minutes, BENCHMARKS.md) on every call.
 */
export class EmployerDuplicates1795629000000 implements MigrationInterface {
  name = 'EmployerDuplicates1795629000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // unaccent() is only STABLE (its dictionary could change); with the dictionary named, folding is
    // fixed, so this may be IMMUTABLE and serve an index (PostgreSQL's documented way to index it).
    await queryRunner.query(`CREATE FUNCTION "stagebank_fold"(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    await queryRunner.query(`CREATE INDEX "employer_name_folded" ON "employer" (stagebank_fold("name"))`);

    await queryRunner.query(`CREATE TABLE "employer_duplicate" (
      "employer_a" uuid NOT NULL REFERENCES "employer" ("id") ON DELETE CASCADE,
      "employer_b" uuid NOT NULL REFERENCES "employer" ("id") ON DELETE CASCADE,
      "name_similarity" real NOT NULL,
      "distance_m" real NOT NULL,
      PRIMARY KEY ("employer_a", "employer_b"),
      CHECK ("employer_a" < "employer_b"))`);
    await queryRunner.query(`CREATE INDEX "employer_duplicate_likeliest" ON "employer_duplicate" ("name_similarity" DESC, "distance_m", "employer_a", "employer_b")`);
    await queryRunner.query(`CREATE INDEX "employer_duplicate_b" ON "employer_duplicate" ("employer_b")`);

    // Every pair involving these employers, again from their sites as they are now.
    // Joined with unnest(), not "= ANY(employers)": a parameter array is searched linearly per row, and the backfill passes all of them.
    await queryRunner.query(`CREATE FUNCTION "employer_duplicates_refresh"(employers uuid[]) RETURNS void LANGUAGE sql AS $$
      DELETE FROM employer_duplicate d USING unnest(employers) AS e(id) WHERE d.employer_a = e.id OR d.employer_b = e.id;
      INSERT INTO employer_duplicate (employer_a, employer_b, name_similarity, distance_m)
      SELECT least(a.id, b.id), greatest(a.id, b.id), similarity(stagebank_fold(a.name), stagebank_fold(b.name)), min(ST_Distance(sa.location, sb.location))
        FROM (SELECT DISTINCT id FROM unnest(employers) AS e(id)) e
        JOIN employer a ON a.id = e.id
        JOIN site sa ON sa.employer_id = a.id
        JOIN site sb ON ST_DWithin(sa.location, sb.location, ${NEARBY_METERS}) AND sb.employer_id <> sa.employer_id
        JOIN employer b ON b.id = sb.employer_id
       WHERE similarity(stagebank_fold(a.name), stagebank_fold(b.name)) >= ${NAME_SIMILARITY}
          OR (sa.postcode = sb.postcode AND lower(sa.house_number) = lower(sb.house_number))
       GROUP BY 1, 2, 3;
    $$`);
    await queryRunner.query(`CREATE FUNCTION "employer_duplicates_site_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM employer_duplicates_refresh(ARRAY(SELECT DISTINCT employer_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
          -- Only sites that moved, changed address or changed employer (a trigger with transition tables takes no column list).
          PERFORM employer_duplicates_refresh(ARRAY(
            SELECT unnest(ARRAY[n.employer_id, o.employer_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.employer_id, n.postcode, n.house_number) IS DISTINCT FROM (o.employer_id, o.postcode, o.house_number)
                OR ST_AsBinary(n.location) IS DISTINCT FROM ST_AsBinary(o.location)));
        ELSE
          PERFORM employer_duplicates_refresh(ARRAY(SELECT DISTINCT employer_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION "employer_duplicates_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM employer_duplicates_refresh(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "site_duplicates_insert" AFTER INSERT ON "site" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`);
    await queryRunner.query(
      `CREATE TRIGGER "site_duplicates_update" AFTER UPDATE ON "site" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`,
    );
    await queryRunner.query(`CREATE TRIGGER "site_duplicates_delete" AFTER DELETE ON "site" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`);
    await queryRunner.query(
      `CREATE TRIGGER "employer_duplicates_rename" AFTER UPDATE ON "employer" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_renamed"()`,
    );
    // What is there already (only then: PostGIS caches its operator lookups per session, stale after the
    // extension was dropped and made again on the same connection, as the migration test does).
    await queryRunner.query(`SELECT employer_duplicates_refresh(ARRAY(SELECT id FROM employer)) WHERE EXISTS (SELECT 1 FROM employer)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "employer_duplicates_rename" ON "employer"`);
    for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "site_duplicates_${op}" ON "site"`);
    await queryRunner.query(`DROP FUNCTION "employer_duplicates_renamed"()`);
    await queryRunner.query(`DROP FUNCTION "employer_duplicates_site_changed"()`);
    await queryRunner.query(`DROP FUNCTION "employer_duplicates_refresh"(uuid[])`);
    await queryRunner.query(`DROP TABLE "employer_duplicate"`);
    await queryRunner.query(`DROP INDEX "employer_name_folded"`);
    await queryRunner.query(`DROP FUNCTION "stagebank_fold"(text)`);
  }
}
