import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/**
 * One row per background job (apps/api/src/jobs/job-runner.ts): when a singleton job is next due
 * and which process holds it (a lease, so a dead process's turn passes to another), and for every
 * job what ran last and what failed last, for /health and the jobs query.
 */
export class JobState1795635000000 implements MigrationInterface {
  name = 'JobState1795635000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_state (
        name text PRIMARY KEY,
        next_run_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        attempts int NOT NULL DEFAULT 0,
        runs bigint NOT NULL DEFAULT 0,
        failures bigint NOT NULL DEFAULT 0,
        last_started_at timestamptz,
        last_success_at timestamptz,
        last_failure_at timestamptz,
        last_error text,
        last_owner text
      )`);
    await q.query(`GRANT SELECT ON job_state TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_state`);
  }
}
