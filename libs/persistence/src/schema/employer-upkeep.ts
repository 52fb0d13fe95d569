import { REGION_OF_POSTCODE_SQL } from '@stagebank/domain';
import type { SchemaObject } from './schema-object';

/** Sites this close, or employers' names this alike (pg_trgm similarity of folded names), are likely duplicates. */
export const DUPLICATE_NEARBY_METERS = 500;
export const DUPLICATE_NAME_SIMILARITY = 0.5;

/** Kept current by the database: a site's labour-market region (from its postcode) and the likely-duplicate employers. */
export const EMPLOYER_UPKEEP: SchemaObject[] = [
  {
    kind: 'function',
    name: 'stagebank_fold',
    // unaccent() is only STABLE (its dictionary could change); with the dictionary named, folding is fixed, so this may be IMMUTABLE and serve an index.
    sql: `CREATE OR REPLACE FUNCTION "stagebank_fold"(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`,
  },
  {
    kind: 'function',
    name: 'site_region_from_postcode',
    sql: `CREATE OR REPLACE FUNCTION "site_region_from_postcode"() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
      IF NEW.region IS NULL OR (TG_OP = 'UPDATE' AND NEW.postcode IS DISTINCT FROM OLD.postcode AND NEW.region IS NOT DISTINCT FROM OLD.region) THEN
       NEW.region := ${REGION_OF_POSTCODE_SQL('NEW.postcode')};
      END IF;
      RETURN NEW;
     END $$`,
  },
  {
    kind: 'trigger',
    name: 'site_region',
    sql: `CREATE OR REPLACE TRIGGER "site_region" BEFORE INSERT OR UPDATE ON "site" FOR EACH ROW EXECUTE FUNCTION "site_region_from_postcode"()`,
  },
  {
    kind: 'function',
    name: 'employer_duplicates_refresh',
    // Joined with unnest(), not "= ANY(employers)": a parameter array is searched linearly per row, and a backfill passes all of them.
    // A refresh in the writing transaction cannot see a neighbour's site that another transaction has not yet committed; the job
    // employer-duplicates (apps/api/src/employers/duplicate-upkeep.ts) refreshes again after commit, and the two may write one
    // pair at once, so a pair already there is brought up to date rather than refused.
    sql: `CREATE OR REPLACE FUNCTION "employer_duplicates_refresh"(employers uuid[]) RETURNS void LANGUAGE sql AS $$
      DELETE FROM employer_duplicate d USING unnest(employers) AS e(id) WHERE d.employer_a = e.id OR d.employer_b = e.id;
      INSERT INTO employer_duplicate (employer_a, employer_b, name_similarity, distance_m)
      SELECT least(a.id, b.id), greatest(a.id, b.id), similarity(stagebank_fold(a.name), stagebank_fold(b.name)), min(ST_Distance(sa.location, sb.location))
        FROM (SELECT DISTINCT id FROM unnest(employers) AS e(id)) e
        JOIN employer a ON a.id = e.id
        JOIN site sa ON sa.employer_id = a.id
        JOIN site sb ON ST_DWithin(sa.location, sb.location, ${DUPLICATE_NEARBY_METERS}) AND sb.employer_id <> sa.employer_id
        JOIN employer b ON b.id = sb.employer_id
       WHERE similarity(stagebank_fold(a.name), stagebank_fold(b.name)) >= ${DUPLICATE_NAME_SIMILARITY}
          OR (sa.postcode = sb.postcode AND lower(sa.house_number) = lower(sb.house_number))
       GROUP BY 1, 2, 3
      ON CONFLICT (employer_a, employer_b) DO UPDATE SET name_similarity = excluded.name_similarity, distance_m = excluded.distance_m;
    $$`,
  },
  {
    kind: 'function',
    name: 'employer_duplicates_site_changed',
    sql: `CREATE OR REPLACE FUNCTION "employer_duplicates_site_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`,
  },
  {
    kind: 'function',
    name: 'employer_duplicates_renamed',
    sql: `CREATE OR REPLACE FUNCTION "employer_duplicates_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM employer_duplicates_refresh(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name));
        RETURN NULL;
      END $$`,
  },
  {
    kind: 'trigger',
    name: 'site_duplicates_insert',
    sql: `CREATE OR REPLACE TRIGGER "site_duplicates_insert" AFTER INSERT ON "site" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`,
  },
  {
    kind: 'trigger',
    name: 'site_duplicates_update',
    sql: `CREATE OR REPLACE TRIGGER "site_duplicates_update" AFTER UPDATE ON "site" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`,
  },
  {
    kind: 'trigger',
    name: 'site_duplicates_delete',
    sql: `CREATE OR REPLACE TRIGGER "site_duplicates_delete" AFTER DELETE ON "site" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_site_changed"()`,
  },
  {
    kind: 'trigger',
    name: 'employer_duplicates_rename',
    sql: `CREATE OR REPLACE TRIGGER "employer_duplicates_rename" AFTER UPDATE ON "employer" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "employer_duplicates_renamed"()`,
  },
];
