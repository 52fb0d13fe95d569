import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For every table whose rows feed a search document: which placement documents and which
 * employer-site documents (the employers index holds one document per site) a set of changed
 * rows `x` touches. Employer-wide fields (name, flags, free seats, placement types) live on
 * every site document of the employer, so most changes fan out to all of its sites.
 */
const FAN_OUT: Record<string, { placements: string; sites: string }> = {
  employer: {
    placements: 'SELECT p.id FROM x JOIN site s ON s.employer_id = x.id JOIN placement p ON p.site_id = s.id',
    sites: 'SELECT s.id FROM x JOIN site s ON s.employer_id = x.id',
  },
  site: {
    placements: 'SELECT p.id FROM x JOIN placement p ON p.site_id = x.id',
    sites: 'SELECT x.id FROM x UNION SELECT s.id FROM x JOIN site s ON s.employer_id = x.employer_id',
  },
  placement: {
    placements: 'SELECT x.id FROM x',
    sites: 'SELECT s2.id FROM x JOIN site s ON s.id = x.site_id JOIN site s2 ON s2.employer_id = s.employer_id',
  },
  internship: {
    placements: 'SELECT x.placement_id FROM x',
    sites: 'SELECT s2.id FROM x JOIN placement p ON p.id = x.placement_id JOIN site s ON s.id = p.site_id JOIN site s2 ON s2.employer_id = s.employer_id',
  },
  sbb_recognition: {
    placements: 'SELECT p.id FROM x JOIN site s ON s.employer_id = x.employer_id JOIN placement p ON p.site_id = s.id',
    sites: 'SELECT s.id FROM x JOIN site s ON s.employer_id = x.employer_id',
  },
  boris_flag: {
    placements: 'SELECT p.id FROM x JOIN site s ON s.employer_id = x.employer_id JOIN placement p ON p.site_id = s.id',
    sites: 'SELECT s.id FROM x JOIN site s ON s.employer_id = x.employer_id',
  },
};

const SOURCES = { INSERT: 'SELECT * FROM new_rows', UPDATE: 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows', DELETE: 'SELECT * FROM old_rows' };

const enqueue = (table: string, op: keyof typeof SOURCES) => `
    WITH x AS (${SOURCES[op]})
    INSERT INTO search_outbox (index_name, document_id)
    SELECT 'placements', id FROM (${FAN_OUT[table].placements}) p(id) GROUP BY id
    UNION ALL
    SELECT 'employers', id FROM (${FAN_OUT[table].sites}) s(id) GROUP BY id;`;

/** Today in UTC, as the application's todayIso() sees it. */
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** A recognition that is valid today and not withdrawn (recognition.resolver.ts: isCurrent). */
const CURRENT_RECOGNITION = `r.withdrawn_at IS NULL AND r.valid_from <= ${TODAY} AND (r.valid_until IS NULL OR r.valid_until >= ${TODAY})`;

/** Seats of placement `p` held by internships today (internship statuses that hold a seat: OCCUPYING_STATUSES). */
const TAKEN_TODAY = `(SELECT count(*) FROM internship i WHERE i.placement_id = p.id AND i.status IN ('PROPOSED', 'AGREED', 'ACTIVE', 'PAUSED')
                        AND i.start_date <= ${TODAY} AND i.end_date >= ${TODAY})`;

/** Takes new students today: not stopped, not paused through today. */
const EMPLOYER_OPEN = `(e.status = 'ACTIVE' OR (e.status = 'PAUSED' AND e.paused_until < ${TODAY}))`;
const PLACEMENT_OPEN = `(p.available_until IS NULL OR p.available_until >= ${TODAY})`;

/** The triggers that filled the outbox; replaced by the change stream (1795631000000), whose down puts them back. */
export async function createSearchTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const table of Object.keys(FAN_OUT)) {
    await queryRunner.query(`CREATE FUNCTION "search_enqueue_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${enqueue(table, 'INSERT')}
        ELSIF TG_OP = 'UPDATE' THEN ${enqueue(table, 'UPDATE')}
        ELSE ${enqueue(table, 'DELETE')}
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "${table}_search_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_enqueue_${table}"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "${table}_search_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_enqueue_${table}"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "${table}_search_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_enqueue_${table}"()`,
    );
  }
}

/**
 * Search: an outbox that every write to indexed data fills in the same transaction (by triggers,
 * so no write path can forget it), the state of the daily sweep for time-driven changes, and two
 * views that define the search documents once for the indexer and the PostgreSQL fallback alike.
 */
export class SearchOutbox1795620000000 implements MigrationInterface {
  name = 'SearchOutbox1795620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_outbox" (
      "id" bigserial PRIMARY KEY,
      "index_name" text NOT NULL CHECK ("index_name" IN ('placements', 'employers')),
      "document_id" uuid NOT NULL,
      "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "available_at" timestamptz NOT NULL DEFAULT now(),
      "attempts" int NOT NULL DEFAULT 0,
      "lease_owner" text,
      "lease_until" timestamptz,
      "last_error" text,
      "processed_at" timestamptz)`);
    await queryRunner.query(`CREATE INDEX "search_outbox_pending" ON "search_outbox" ("id") WHERE "processed_at" IS NULL`);
    await queryRunner.query(
      `CREATE INDEX "search_outbox_leased" ON "search_outbox" ("index_name", "document_id") WHERE "processed_at" IS NULL AND "lease_until" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "search_outbox_processed" ON "search_outbox" ("processed_at") WHERE "processed_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "search_sweep" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "swept_through" date NOT NULL DEFAULT ${TODAY})`,
    );
    await queryRunner.query(`INSERT INTO "search_sweep" DEFAULT VALUES`);

    await createSearchTriggers(queryRunner);

    await queryRunner.query(`CREATE VIEW "search_placement_document" AS
      SELECT p.id, p.title, p.description, p.tasks, p.sector, p.type, p.audiences, p.allowance_paid, p.created_at,
             s.id AS site_id, s.name AS site_name, s.place, s.postcode,
             ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude, s.location,
             e.id AS employer_id, e.name AS employer_name, e.kind AS employer_kind,
             EXISTS (SELECT 1 FROM boris_flag b WHERE b.employer_id = e.id AND b.cleared_at IS NULL) AS boris_flag,
             EXISTS (SELECT 1 FROM sbb_recognition r WHERE r.employer_id = e.id AND ${CURRENT_RECOGNITION}) AS sbb_recognised,
             p.seats > ${TAKEN_TODAY} AS has_free_seat,
             ${EMPLOYER_OPEN} AND ${PLACEMENT_OPEN} AS open
        FROM placement p JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id`);

    await queryRunner.query(`CREATE VIEW "search_employer_document" AS
      SELECT s.id, s.name AS site_name, s.place, s.postcode,
             ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude, s.location,
             e.id AS employer_id, e.name AS employer_name, e.kind AS employer_kind, e.sectors, e.description, e.created_at,
             EXISTS (SELECT 1 FROM boris_flag b WHERE b.employer_id = e.id AND b.cleared_at IS NULL) AS boris_flag,
             EXISTS (SELECT 1 FROM sbb_recognition r WHERE r.employer_id = e.id AND ${CURRENT_RECOGNITION}) AS sbb_recognised,
             ${EMPLOYER_OPEN} AS open,
             COALESCE(ep.titles, '{}') AS placement_titles, COALESCE(ep.types, '{}') AS types,
             COALESCE(ep.audiences, '{}') AS audiences, COALESCE(ep.allowance_paid, false) AS allowance_paid,
             COALESCE(ep.has_free_seat, false) AS has_free_seat
        FROM site s JOIN employer e ON e.id = s.employer_id
        LEFT JOIN LATERAL (
          SELECT array_agg(DISTINCT p.title) AS titles, array_agg(DISTINCT p.type) AS types,
                 (SELECT array_agg(DISTINCT a) FROM placement p2 JOIN site s3 ON s3.id = p2.site_id CROSS JOIN unnest(p2.audiences) a
                   WHERE s3.employer_id = e.id AND (p2.available_until IS NULL OR p2.available_until >= ${TODAY})) AS audiences,
                 bool_or(p.allowance_paid) AS allowance_paid, bool_or(p.seats > ${TAKEN_TODAY}) AS has_free_seat
            FROM placement p JOIN site s2 ON s2.id = p.site_id
           WHERE s2.employer_id = e.id AND ${PLACEMENT_OPEN}) ep ON true`);

    // Everything that exists now still has to reach the index.
    await queryRunner.query(
      `INSERT INTO "search_outbox" ("index_name", "document_id") SELECT 'placements', id FROM placement UNION ALL SELECT 'employers', id FROM site`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "search_employer_document"`);
    await queryRunner.query(`DROP VIEW "search_placement_document"`);
    for (const table of Object.keys(FAN_OUT)) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_search_${op}" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION "search_enqueue_${table}"()`);
    }
    await queryRunner.query(`DROP TABLE "search_sweep"`);
    await queryRunner.query(`DROP TABLE "search_outbox"`);
  }
}
