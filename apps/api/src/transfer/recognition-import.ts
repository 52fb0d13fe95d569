import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { APP_CONFIG } from '../common/config.provider';
import { ImportProblem } from './csv';
import { ImportBudget } from './import-budget';
import { ImportWorkers } from './import-workers';
import { TransferRepository } from './transfer.repository';
import { ImportAction, RecognitionImportReport } from './transfer.types';

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
    private readonly repository: TransferRepository,
    private readonly workers: ImportWorkers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(viewer: Viewer, file: Buffer, dryRun: boolean): Promise<RecognitionImportReport> {
    policy.assertSbbAdviser(viewer);
    const budget = new ImportBudget(this.config.imports.timeBudgetMs);
    // Reading and checking the rows is proportional to the file and synchronous: a worker thread's.
    const { table, problems, planned } = await this.workers.read('recognitions', file, this.config.imports.maxRows, budget);
    const evaluate = async (repository: TransferRepository, write: boolean) => {
      const employers = await repository.employersByKvk([...new Set(planned.map((p) => p.kvk))]);
      const employerOf = new Map(employers.map((e) => [e.kvk_number, e.id]));
      const recognitions = employers.length ? await repository.recognitionsOfEmployers(employers.map((e) => e.id)) : [];
      const recorded = new Set(recognitions.filter((r) => !r.withdrawnAt).map((r) => recognitionKey(r.employerId, r)));
      const flagged = new Set(await repository.flaggedEmployers(employers.map((e) => e.id)));
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
            await repository.insertRecognition({ employerId, leerbedrijfId, creboCodes, validFrom, validUntil, setByUserId: viewer.userId });
          }
        }
        if (flag === ImportAction.CREATE) {
          borisFlagsSet++;
          flagged.add(employerId);
          if (write) await repository.insertBorisFlag({ employerId, setByUserId: viewer.userId, note: 'CSV import' });
        }
      }
      return { rows, rowProblems, recognitionsCreated, borisFlagsSet };
    };

    const report = (result: Awaited<ReturnType<typeof evaluate>>, applied: boolean): RecognitionImportReport => ({
      dryRun,
      applied,
      encoding: table?.encoding ?? null,
      rowCount: table?.rowCount ?? 0,
      problems: [...problems, ...result.rowProblems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      rows: result.rows,
      recognitionsCreated: result.recognitionsCreated,
      borisFlagsSet: result.borisFlagsSet,
    });

    const preview = report(await evaluate(this.repository, false), false);
    if (dryRun || preview.problems.length > 0) return preview;
    return this.repository.transaction(async (tx) => {
      await tx.lockRecognitionImport();
      const check = await evaluate(tx, false);
      if (check.rowProblems.length > 0) return report(check, false); // an employer went meanwhile: write nothing
      return report(await evaluate(tx, true), true);
    });
  }
}
