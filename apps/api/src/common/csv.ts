import { stringify } from 'csv-stringify/sync';

/** CSV for Dutch Excel: UTF-8 with BOM, `;`-separated, CRLF. */
export function writeCsv(headers: string[], rows: Array<Array<string | number | null>>): string {
  return '\ufeff' + stringify([headers, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))], { delimiter: ';', record_delimiter: 'windows' });
}
