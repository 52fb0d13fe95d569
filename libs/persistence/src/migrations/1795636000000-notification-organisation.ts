import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification belongs to the user and to the organisation they acted for when they made the
 * watch, like the watch itself: a coach who works for two schools sees each school's own.
 */
export class NotificationOrganisation1795636000000 implements MigrationInterface {
  name = 'NotificationOrganisation1795636000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_5259f9d159d642912658da4676"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "organisation_id" uuid`);
    // Existing ones: the watch's organisation; if the watch is gone, the user's first membership; else nobody can see them.
    await queryRunner.query(`UPDATE "notification" n SET "organisation_id" = w."organisation_id" FROM "watch" w WHERE w."id" = n."watch_id"`);
    await queryRunner.query(`UPDATE "notification" n SET "organisation_id" = (SELECT m."organisation_id" FROM "membership" m WHERE m."user_id" = n."user_id" ORDER BY m."organisation_id" LIMIT 1)
                              WHERE n."organisation_id" IS NULL`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "organisation_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "organisation_id" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_b91daa66c15b0fea16f6bb7c4b" ON "notification"  ("user_id", "organisation_id", "id") `);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_408236c69c4e1b5cf2248d4effd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_408236c69c4e1b5cf2248d4effd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b91daa66c15b0fea16f6bb7c4b"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "organisation_id"`);
    await queryRunner.query(`CREATE INDEX "IDX_5259f9d159d642912658da4676" ON "notification" ("user_id", "id")`);
  }
}
