import { Injectable } from '@nestjs/common';
import { SECTORS, Sector } from '@stagebank/domain';
import { StagebankError } from '../common/stagebank.error';
import { EMPLOYER_COLUMNS } from './columns';
import { writeCsv } from '../common/csv';
import { ExportRow, TransferRepository } from './transfer.repository';
import { EmployerExportFilter, PlacementExportFilter } from './transfer.types';

/** More rows than this is a whole-country dump, not a list: narrow the filter. */
export const MAX_EXPORT_ROWS = 50_000;

const HEADERS = EMPLOYER_COLUMNS.map((c) => c.headers[0]);
const sectorNames = (sectors: Sector[]) => sectors.map((s) => SECTORS.get(s)?.nameNl ?? s).join(', ');

/**
 * Employer and placement lists as CSV in the import's own columns (UTF-8 with BOM, `;`, for
 * Dutch Excel): one row per placement, or per site without placements. Importing an export
 * changes nothing.
 */
@Injectable()
export class EmployerExport {
  constructor(private readonly repository: TransferRepository) {}

  async employers(filter: EmployerExportFilter): Promise<string> {
    return this.csv(await this.repository.employerRows(filter, MAX_EXPORT_ROWS + 1));
  }

  async placements(filter: PlacementExportFilter): Promise<string> {
    return this.csv(await this.repository.placementRows(filter, MAX_EXPORT_ROWS + 1));
  }

  private csv(rows: ExportRow[]): string {
    if (rows.length > MAX_EXPORT_ROWS) throw StagebankError.badInput('filter', `more than ${MAX_EXPORT_ROWS} rows; narrow the filter (region, sector)`);
    return writeCsv(
      HEADERS,
      rows.map((r) => [
        r.name,
        r.kvk_number,
        r.kind,
        r.size_class,
        sectorNames(r.sectors),
        r.site_name,
        r.street,
        r.house_number,
        r.postcode,
        r.place,
        Number(r.latitude).toFixed(6),
        Number(r.longitude).toFixed(6),
        r.title,
        r.placement_sector && sectorNames([r.placement_sector]),
        r.placement_type,
        r.seats,
        r.hours_per_week === null ? null : Number(r.hours_per_week),
        r.supervision_level,
        r.audiences?.join(', ') ?? null,
        r.contact_name,
        r.contact_phone,
        r.contact_email,
      ]),
    );
  }
}
