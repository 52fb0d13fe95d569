import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust in flags (issue 19): wheelchair access (site), audience suitability (placement) and
 * supervision training (supervisor) each record when a coach who visited verified them, and who.
 * Without that they are only declared (by the employer or an import). A change of the value that
 * is not a verification clears it again: the trigger lives in the schema folder (flag-verification.ts).
 */
export class FlagVerification1795653000000 implements MigrationInterface {
  name = 'FlagVerification1795653000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "site" ADD "wheelchair_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "site" ADD "wheelchair_verified_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "supervisor" ADD "training_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "supervisor" ADD "training_verified_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "placement" ADD "audiences_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "placement" ADD "audiences_verified_by_user_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "site" ADD CONSTRAINT "FK_492b12abbe2ddcc4a05327434c4" FOREIGN KEY ("wheelchair_verified_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervisor" ADD CONSTRAINT "FK_b151034269e87bc5bcc8984ca22" FOREIGN KEY ("training_verified_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placement" ADD CONSTRAINT "FK_09e2fa02f0c50e7e2246c935c43" FOREIGN KEY ("audiences_verified_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement" DROP CONSTRAINT "FK_09e2fa02f0c50e7e2246c935c43"`);
    await queryRunner.query(`ALTER TABLE "supervisor" DROP CONSTRAINT "FK_b151034269e87bc5bcc8984ca22"`);
    await queryRunner.query(`ALTER TABLE "site" DROP CONSTRAINT "FK_492b12abbe2ddcc4a05327434c4"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "audiences_verified_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "audiences_verified_at"`);
    await queryRunner.query(`ALTER TABLE "supervisor" DROP COLUMN "training_verified_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "supervisor" DROP COLUMN "training_verified_at"`);
    await queryRunner.query(`ALTER TABLE "site" DROP COLUMN "wheelchair_verified_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "site" DROP COLUMN "wheelchair_verified_at"`);
  }
}
