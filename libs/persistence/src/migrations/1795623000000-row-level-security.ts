import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

const PRIVATE_TABLES = ['student_profile', 'internship'];
const MINE = `organisation_id = NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid`;

/**
 * Defence in depth for student data: row-level security on student profiles and internships,
 * keyed by the organisation of the request (`stagebank.organisation_id`, set per connection by the
 * application), for the role stagebank_app, which is not the owner of any table and so cannot
 * switch the policies off. Occupancy (who holds a seat, until when) is shared: the owner-owned view
 * seat_claim shows every internship's seat, without its student, to everyone.
 */
export class RowLevelSecurity1795623000000 implements MigrationInterface {
  name = 'RowLevelSecurity1795623000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Roles belong to the whole cluster: several databases (tests, benchmarks) share this one.
    await queryRunner.query(`DO $$ BEGIN CREATE ROLE ${APP_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    // The migrating (owner) role may act as the application role: the service switches to it per request.
    await queryRunner.query(`GRANT ${APP_ROLE} TO CURRENT_USER`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);

    await queryRunner.query(`CREATE VIEW "seat_claim" AS
      SELECT id, placement_id, organisation_id, coach_user_id, start_date, end_date, status FROM internship`);
    await queryRunner.query(`GRANT SELECT ON "seat_claim" TO ${APP_ROLE}`);

    for (const table of PRIVATE_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "own_organisation" ON "${table}" TO ${APP_ROLE} USING (${MINE}) WITH CHECK (${MINE})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of PRIVATE_TABLES) {
      await queryRunner.query(`DROP POLICY "own_organisation" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`DROP VIEW "seat_claim"`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
