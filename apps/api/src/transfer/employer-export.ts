import { Injectable } from '@nestjs/common';
import { SECTORS, Sector, todayIso } from '@stagebank/domain';
import { DataSource } from 'typeorm';
import { StagebankError } from '../common/stagebank.error';
import { EMPLOYER_COLUMNS } from './columns';
import { writeCsv } from '../common/csv';
import { EmployerExportFilter, PlacementExportFilter } from './transfer.types';

/** More rows than this is a whole-country dump, not a list: narrow the filter. */
export const MAX_EXPORT_ROWS = 50_000;

const HEADERS = EMPLOYER_COLUMNS.map((c) => c.headers[0]);
const sectorNames = (sectors: Sector[]) => sectors.map((s) => SECTORS.get(s)?.nameNl ?? s).join(', ');

interface ExportRow {
  name: string;
  kvk_number: string | null;
  kind: string;
  size_class: string;
  sectors: Sector[];
  site_name: string;
  street: string;
  house_number: string;
  postcode: string;
  place: string;
  latitude: number;
  longitude: number;
  title: string | null;
  placement_sector: Sector | null;
  placement_type: string | null;
  seats: number | null;
  hours_per_week: string | null;
  supervision_level: string | null;
  audiences: string[] | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

/**
 * Employer and placement lists as CSV in the import's own columns (UTF-8 with BOM, `;`, for
 * Dutch Excel): one row per placement, or per site without placements. Importing an export
 * changes nothing.
 */
@Injectable()
export class EmployerExport {
  constructor(private readonly db: DataSource) {}

  employers(filter: EmployerExportFilter): Promise<string> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.region) where.push(`s.region = ${param(filter.region)}`);
    if (filter.status) where.push(`e.status = ${param(filter.status)}`);
    if (filter.sector) where.push(`${param(filter.sector)} = ANY(e.sectors)`);
    if (filter.borisFlag !== undefined && filter.borisFlag !== null) {
      where.push(`${filter.borisFlag ? '' : 'NOT '}EXISTS (SELECT 1 FROM boris_flag f WHERE f.employer_id = e.id AND f.cleared_at IS NULL)`);
    }
    return this.export('LEFT JOIN', where, params);
  }

  placements(filter: PlacementExportFilter): Promise<string> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.region) where.push(`s.region = ${param(filter.region)}`);
    if (filter.sector) where.push(`p.sector = ${param(filter.sector)}`);
    if (filter.type) where.push(`p.type = ${param(filter.type)}`);
    if (filter.openOnly ?? true) where.push(`e.status <> 'STOPPED' AND (p.available_until IS NULL OR p.available_until >= ${param(todayIso())})`);
    return this.export('JOIN', where, params);
  }

  private async export(placementJoin: 'JOIN' | 'LEFT JOIN', where: string[], params: unknown[]): Promise<string> {
    const rows: ExportRow[] = await this.db.query(
      `SELECT e.name, e.kvk_number, e.kind, e.size_class, e.sectors, s.name AS site_name, s.street, s.house_number, s.postcode, s.place,
              ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude,
              p.title, p.sector AS placement_sector, p.type AS placement_type, p.seats, p.hours_per_week, p.supervision_level, p.audiences,
              c.name AS contact_name, c.phone AS contact_phone, c.email AS contact_email
         FROM employer e
         JOIN site s ON s.employer_id = e.id
         ${placementJoin} placement p ON p.site_id = s.id
         LEFT JOIN LATERAL (SELECT name, phone, email FROM contact_person c WHERE c.employer_id = e.id AND (c.site_id = s.id OR c.site_id IS NULL)
                             ORDER BY c.site_id IS NULL, c.name, c.id LIMIT 1) c ON true
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.name, e.id, s.name, s.id, p.title, p.id
        LIMIT ${MAX_EXPORT_ROWS + 1}`,
      params,
    );
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
