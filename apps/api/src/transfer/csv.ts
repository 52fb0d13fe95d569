import { CsvError, parse } from 'csv-parse';
import { finished } from 'node:stream/promises';
import { ImportBudget, tooManyRows } from './import-budget';

/** One problem with an uploaded file: the row (1 = the header line) and column it is in, when it has one. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export type CsvEncoding = 'UTF-8' | 'UTF-16LE' | 'WINDOWS-1252';

/** A column an import understands, and the header texts it is recognised by (case, accents, spaces and punctuation ignored). */
export interface ColumnSpec<K extends string = string> {
  key: K;
  headers: string[];
  required?: boolean;
}

export interface CsvRow<K extends string> {
  /** Line number in the file, the header being line 1. */
  row: number;
  get(key: K): string;
}

export interface CsvTable<K extends string> {
  encoding: CsvEncoding;
  separator: string;
  rows: Array<CsvRow<K>>;
  /** Headers that matched no column; reported, not fatal. */
  ignoredHeaders: string[];
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Characters handed to the parser at a time: a few milliseconds of work between yields. */
const PARSE_CHUNK = 16 * 1024;

type ParsedRecord = { record: string[]; info: { lines: number } };

/**
 * csv-parse's streaming parser fed a chunk at a time, yielding between chunks (the synchronous
 * parse of a 20,000-row file holds the event loop for half a second or more). Stops as soon as
 * there are more than `maxRecords` records, so an oversized file costs no more than a full one.
 */
async function parseRecords(text: string, separator: string, maxRecords: number, budget: ImportBudget): Promise<ParsedRecord[] | 'too many'> {
  const parser = parse({ delimiter: separator, bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  const records: ParsedRecord[] = [];
  parser.on('data', (record: ParsedRecord) => records.push(record));
  const done = finished(parser);
  done.catch(() => undefined); // awaited below; this only keeps an early error from being unhandled
  try {
    for (let at = 0; at < text.length && !parser.errored; at += PARSE_CHUNK) {
      parser.write(text.slice(at, at + PARSE_CHUNK));
      await budget.tick();
      if (records.length > maxRecords) return 'too many';
    }
    parser.end();
    await done;
    return records.length > maxRecords ? 'too many' : records;
  } finally {
    parser.destroy();
  }
}

/** "Bedrijfs-naam " → "bedrijfsnaam": how headers are compared. */
export const headerKey = (header: string) =>
  header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * Decodes what spreadsheets export: UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode
 * text"), and Windows-1252 (Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)"), which is
 * recognised by not being valid UTF-8. A file with control characters is not a text file.
 */
export function decode(bytes: Buffer): { text: string; encoding: CsvEncoding } | ImportProblem {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  let text: string;
  let encoding: CsvEncoding = 'UTF-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    encoding = 'WINDOWS-1252';
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const row = text.slice(0, control.index).split('\n').length;
    return { row, column: null, message: 'the file is not a CSV text file (it contains control characters); save it from the spreadsheet as CSV' };
  }
  return { text, encoding };
}

/** `;` (Dutch Excel), `,` or tab: whichever the header line has most of. */
function separatorOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0];
  const [best, count] = [';', ',', '\t'].map((s) => [s, header.split(s).length - 1] as const).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ';';
}

/**
 * Reads the file into rows keyed by column; every problem found is reported, none thrown, except
 * the limits: more than `maxRows` data rows, or past the budget, is a coded error on `file`.
 */
export async function readCsv<K extends string>(
  bytes: Buffer,
  columns: Array<ColumnSpec<K>>,
  limits: { maxRows: number; budget: ImportBudget },
): Promise<{ table: CsvTable<K> | null; problems: ImportProblem[] }> {
  if (bytes.length === 0) return { table: null, problems: [{ row: null, column: null, message: 'the file is empty' }] };
  if (bytes.length > MAX_FILE_BYTES)
    return { table: null, problems: [{ row: null, column: null, message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it` }] };
  const decoded = decode(bytes);
  if ('message' in decoded) return { table: null, problems: [decoded] };
  const separator = separatorOf(decoded.text);

  let parsed: ParsedRecord[] | 'too many';
  try {
    // The header and at most maxRows data rows.
    parsed = await parseRecords(decoded.text, separator, limits.maxRows + 1, limits.budget);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as { lines?: number }).lines ?? null;
    return { table: null, problems: [{ row: line, column: null, message: `the file cannot be read as CSV: ${error.message}` }] };
  }
  if (parsed === 'too many') throw tooManyRows(limits.maxRows);
  const records = parsed;
  if (records.length === 0) return { table: null, problems: [{ row: null, column: null, message: 'the file is empty' }] };

  const [header, ...body] = records;
  const positions = new Map<K, number>();
  const ignoredHeaders: string[] = [];
  header.record.forEach((text, index) => {
    const spec = columns.find((c) => c.headers.some((h) => headerKey(h) === headerKey(text)));
    if (!spec) ignoredHeaders.push(text);
    else if (positions.has(spec.key)) ignoredHeaders.push(text);
    else positions.set(spec.key, index);
  });
  const problems: ImportProblem[] = columns
    .filter((c) => c.required && !positions.has(c.key))
    .map((c) => ({ row: 1, column: c.key, message: `missing column "${c.headers[0]}" (also recognised: ${c.headers.slice(1).join(', ')})` }));
  if (problems.length > 0) return { table: null, problems };

  const rows: Array<CsvRow<K>> = [];
  for (const { record, info } of body) {
    await limits.budget.tick();
    if (record.length !== header.record.length) {
      problems.push({ row: info.lines, column: null, message: `has ${record.length} fields where the header has ${header.record.length}` });
      continue;
    }
    rows.push({ row: info.lines, get: (key: K) => (positions.has(key) ? (record[positions.get(key)!] ?? '').trim() : '') });
  }
  return { table: { encoding: decoded.encoding, separator, rows, ignoredHeaders }, problems };
}
