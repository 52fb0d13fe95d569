import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { CREBO_CODE } from '@stagebank/domain';
import { BorisFlagEntity, RecognitionEntity } from '@stagebank/persistence';
import { DataSource, EntityManager, In } from 'typeorm';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { APP_CONFIG } from '../common/config.provider';
import { RECOGNITION_COLUMNS, RecognitionColumn, dateOf, kvkOf } from './columns';
import { ImportProblem, readCsv } from './csv';
import { ImportBudget } from './import-budget';
import { ImportAction, RecognitionImportReport } from './transfer.types';

interface PlannedRecognition {
  row: number;
  kvk: string;
  leerbedrijfId: string;
  creboCodes: string[];
  validFrom: string;
  validUntil: string | null;
  boris: boolean;
}

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', '1', 'x']);
const NO = new Set(['', 'nee', 'n', 'no', 'false', '0']);
/** What makes two recognitions the same: employer, leerbedrijf-ID, crebos and period (a set of these replaces a scan of all recognitions per row). */
const recognitionKey = (employerId: string, r: { leerbedrijfId: string; creboCodes: string[]; validFrom: string; validUntil: string | null }) =>
  `${employerId}|${r.leerbedrijfId}|${[...r.creboCodes].sort().join()}|${r.validFrom}|${r.validUntil}`;

/**
 * SBB recognitions (and the Boris flag) in bulk, from an SBB export: one row per leerbedrijf and
 * period, matched to employers by KvK number. Dry run first; a real run is all-or-nothing, and a
 * recognition already recorded (same leerbedrijf-ID, crebos and period) is not recorded twice.
 */
@Injectable()
export class RecognitionImport {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(viewer: Viewer, file: Buffer, dryRun: boolean): Promise<RecognitionImportReport> {
    policy.assertSbbAdviser(viewer);
    const budget = new ImportBudget(this.config.imports.timeBudgetMs);
    const { table, problems } = await readCsv(file, [...RECOGNITION_COLUMNS], { maxRows: this.config.imports.maxRows, budget });
    const planned: PlannedRecognition[] = [];
    for (const row of table?.rows ?? []) {
      await budget.tick();
      const before = problems.length;
      const problem = (column: RecognitionColumn, message: string) => problems.push({ row: row.row, column, message });
      const kvk = kvkOf(row.get('kvk'));
      if (!kvk) problem('kvk', `"${row.get('kvk')}" is not a KvK number (8 digits)`);
      const leerbedrijfId = row.get('leerbedrijfId');
      if (!/^[0-9A-Za-z-]{1,20}$/.test(leerbedrijfId)) problem('leerbedrijfId', `"${leerbedrijfId}" is not a leerbedrijf-ID`);
      const creboCodes = [
        ...new Set(
          row
            .get('crebos')
            .split(/[\s,;|/]+/)
            .filter(Boolean),
        ),
      ].sort();
      const badCrebos = creboCodes.filter((c) => !CREBO_CODE.test(c));
      if (creboCodes.length === 0) problem('crebos', 'is empty');
      else if (badCrebos.length > 0) problem('crebos', `not a crebo code (5 digits): ${badCrebos.join(', ')}`);
      const validFrom = dateOf(row.get('validFrom'));
      if (!validFrom) problem('validFrom', `"${row.get('validFrom')}" is not a date (2026-08-01 or 1-8-2026)`);
      const validUntil = row.get('validUntil') ? dateOf(row.get('validUntil')) : null;
      if (validUntil === undefined) problem('validUntil', `"${row.get('validUntil')}" is not a date`);
      else if (validUntil && validFrom && validUntil < validFrom) problem('validUntil', 'is before validFrom');
      const boris = row.get('boris').toLowerCase();
      if (!YES.has(boris) && !NO.has(boris)) problem('boris', `"${row.get('boris')}" is not ja or nee`);
      if (problems.length === before) {
        planned.push({ row: row.row, kvk: kvk!, leerbedrijfId, creboCodes, validFrom: validFrom!, validUntil: validUntil ?? null, boris: YES.has(boris) });
      }
    }
    const seen = new Map<string, number>();
    for (const p of planned) {
      const key = `${p.kvk}|${p.leerbedrijfId}|${p.creboCodes.join()}|${p.validFrom}|${p.validUntil}`;
      if (seen.has(key)) problems.push({ row: p.row, column: 'leerbedrijfId', message: `duplicate of row ${seen.get(key)}` });
      else seen.set(key, p.row);
    }

    const evaluate = async (manager: EntityManager, write: boolean) => {
      const employers: Array<{ id: string; kvk_number: string }> = await manager.query(`SELECT id, kvk_number FROM employer WHERE kvk_number = ANY($1)`, [
        [...new Set(planned.map((p) => p.kvk))],
      ]);
      const employerOf = new Map(employers.map((e) => [e.kvk_number, e.id]));
      const recognitions = employers.length ? await manager.getRepository(RecognitionEntity).findBy({ employerId: In(employers.map((e) => e.id)) }) : [];
      const recorded = new Set(recognitions.filter((r) => !r.withdrawnAt).map((r) => recognitionKey(r.employerId, r)));
      const flagged = new Set(
        (await manager.query(`SELECT employer_id FROM boris_flag WHERE cleared_at IS NULL AND employer_id = ANY($1)`, [employers.map((e) => e.id)])).map(
          (r: { employer_id: string }) => r.employer_id,
        ),
      );
      const rows: RecognitionImportReport['rows'] = [];
      const rowProblems: ImportProblem[] = [];
      let recognitionsCreated = 0;
      let borisFlagsSet = 0;
      budget.check();
      for (const p of planned) {
        await budget.tick();
        const employerId = employerOf.get(p.kvk);
        if (!employerId) {
          rowProblems.push({ row: p.row, column: 'kvk', message: `no employer with KvK number ${p.kvk}; add the employer first` });
          continue;
        }
        const key = recognitionKey(employerId, p);
        const exists = recorded.has(key);
        const flag = p.boris ? (flagged.has(employerId) ? ImportAction.EXISTING : ImportAction.CREATE) : null;
        rows.push({ row: p.row, employerId, recognition: exists ? ImportAction.EXISTING : ImportAction.CREATE, borisFlag: flag });
        if (!exists) {
          recognitionsCreated++;
          recorded.add(key);
          if (write) {
            const { leerbedrijfId, creboCodes, validFrom, validUntil } = p;
            await manager.save(manager.create(RecognitionEntity, { employerId, leerbedrijfId, creboCodes, validFrom, validUntil, setByUserId: viewer.userId }));
          }
        }
        if (flag === ImportAction.CREATE) {
          borisFlagsSet++;
          flagged.add(employerId);
          if (write) await manager.save(manager.create(BorisFlagEntity, { employerId, setByUserId: viewer.userId, note: 'CSV import' }));
        }
      }
      return { rows, rowProblems, recognitionsCreated, borisFlagsSet };
    };

    const report = (result: Awaited<ReturnType<typeof evaluate>>, applied: boolean): RecognitionImportReport => ({
      dryRun,
      applied,
      encoding: table?.encoding ?? null,
      rowCount: table?.rows.length ?? 0,
      problems: [...problems, ...result.rowProblems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      rows: result.rows,
      recognitionsCreated: result.recognitionsCreated,
      borisFlagsSet: result.borisFlagsSet,
    });

    const preview = report(await evaluate(this.db.manager, false), false);
    if (dryRun || preview.problems.length > 0) return preview;
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stagebank.recognition-import'))`);
      const check = await evaluate(tx, false);
      if (check.rowProblems.length > 0) return report(check, false); // an employer went meanwhile: write nothing
      return report(await evaluate(tx, true), true);
    });
  }
}
