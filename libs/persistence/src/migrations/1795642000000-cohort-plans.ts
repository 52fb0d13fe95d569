import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';
import { OWN_ORGANISATION } from '../schema/rules';

/** The row-level-security predicate, from the one definition in the schema folder. */
const MINE = OWN_ORGANISATION;

/**
 * Cohort plans (issue 17): the plan with figures per school, and one line per student. A line
 * names a student and says why they got what they got, so it is private to the student's
 * organisation like the student profile itself (row-level security), also in a regional round.
 */
export class CohortPlans1795642000000 implements MigrationInterface {
  name = 'CohortPlans1795642000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cohort_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_by_user_id" uuid, "region" text, "period_from" date NOT NULL, "period_to" date NOT NULL, "summary" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_286499cfc434821c2f544243caf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_60a438b08c439c438b3af5e527" ON "cohort_plan"  ("organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "cohort_plan_entry" ("plan_id" uuid NOT NULL, "student_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "outcome" text NOT NULL, "placement_id" uuid, "detail" jsonb NOT NULL, "internship_id" uuid, CONSTRAINT "PK_f0b0a6d36d5a23a4ec140cd5195" PRIMARY KEY ("plan_id", "student_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5228064d001011d2d3a39dea84" ON "cohort_plan_entry"  ("organisation_id") `);
    await queryRunner.query(
      `ALTER TABLE "cohort_plan" ADD CONSTRAINT "FK_60a438b08c439c438b3af5e5273" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_plan" ADD CONSTRAINT "FK_6e8956f1d2927a9908851135aa0" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_plan_entry" ADD CONSTRAINT "FK_dc6b29fed2db70fe3c18caec537" FOREIGN KEY ("plan_id") REFERENCES "cohort_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_plan_entry" ADD CONSTRAINT "FK_a5cffb231229705cf368c5013e9" FOREIGN KEY ("student_id") REFERENCES "student_profile"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_plan_entry" ADD CONSTRAINT "FK_5228064d001011d2d3a39dea84f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "cohort_plan", "cohort_plan_entry" TO ${APP_ROLE}`);
    await queryRunner.query(`ALTER TABLE "cohort_plan_entry" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY "own_organisation" ON "cohort_plan_entry" TO ${APP_ROLE} USING (${MINE}) WITH CHECK (${MINE})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "own_organisation" ON "cohort_plan_entry"`);
    await queryRunner.query(`ALTER TABLE "cohort_plan_entry" DISABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "cohort_plan_entry" DROP CONSTRAINT "FK_5228064d001011d2d3a39dea84f"`);
    await queryRunner.query(`ALTER TABLE "cohort_plan_entry" DROP CONSTRAINT "FK_a5cffb231229705cf368c5013e9"`);
    await queryRunner.query(`ALTER TABLE "cohort_plan_entry" DROP CONSTRAINT "FK_dc6b29fed2db70fe3c18caec537"`);
    await queryRunner.query(`ALTER TABLE "cohort_plan" DROP CONSTRAINT "FK_6e8956f1d2927a9908851135aa0"`);
    await queryRunner.query(`ALTER TABLE "cohort_plan" DROP CONSTRAINT "FK_60a438b08c439c438b3af5e5273"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5228064d001011d2d3a39dea84"`);
    await queryRunner.query(`DROP TABLE "cohort_plan_entry"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60a438b08c439c438b3af5e527"`);
    await queryRunner.query(`DROP TABLE "cohort_plan"`);
  }
}
