import { CREBO_CODE } from '@stagebank/domain';
import { RecognitionColumn, dateOf, kvkOf } from './columns';
import { CsvRow, ImportProblem } from './csv';

/**
 * The SBB file's rows checked one by one, with no database and no framework: this runs in the
 * import worker thread (import.worker.ts), off the request's event loop.
 */

export interface PlannedRecognition {
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

/** One row checked: the recognition it records, or nothing and its problems added to `problems`. */
export function planRecognitionRow(row: CsvRow<RecognitionColumn>, problems: ImportProblem[]): PlannedRecognition[] {
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
  if (problems.length > before) return [];
  return [{ row: row.row, kvk: kvk!, leerbedrijfId, creboCodes, validFrom: validFrom!, validUntil: validUntil ?? null, boris: YES.has(boris) }];
}

/** Rows that record the same recognition twice. */
export function duplicateRecognitions(planned: PlannedRecognition[]): ImportProblem[] {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const p of planned) {
    const key = `${p.kvk}|${p.leerbedrijfId}|${p.creboCodes.join()}|${p.validFrom}|${p.validUntil}`;
    if (seen.has(key)) problems.push({ row: p.row, column: 'leerbedrijfId', message: `duplicate of row ${seen.get(key)}` });
    else seen.set(key, p.row);
  }
  return problems;
}
