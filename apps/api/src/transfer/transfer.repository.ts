import { Injectable } from '@nestjs/common';
import { Sector, todayIso } from '@stagebank/domain';
import { BorisFlagEntity, ContactPersonEntity, EmployerEntity, PlacementEntity, RecognitionEntity, SiteEntity } from '@stagebank/persistence';
import { DeepPartial, In } from 'typeorm';
import { AreaRepository } from '../common/repository';
import { EmployerExportFilter, PlacementExportFilter } from './transfer.types';

/** One row of an export: a placement with its site and employer, or a site without placements. */
export interface ExportRow {
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
 * The transfer area's SQL (see ARCHITECTURE.md, "Where SQL lives"): the exports' reads, and the
 * imports' set-based matching and writes. The imports read and write employers, sites,
 * placements, contact persons, recognitions and Boris flags, other areas' tables: those areas
 * export no service for matching a whole file at once or for writing inside the import's one
 * transaction, so these statements are the import's own. Each import runs as one transaction
 * through `transaction(work)`, behind its own advisory lock.
 */
@Injectable()
export class TransferRepository extends AreaRepository {
  /** Employers with their sites (and placements there) for the employer export, at most `limit` rows. */
  employerRows(filter: EmployerExportFilter, limit: number): Promise<ExportRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.region) where.push(`s.region = ${param(filter.region)}`);
    if (filter.status) where.push(`e.status = ${param(filter.status)}`);
    if (filter.sector) where.push(`${param(filter.sector)} = ANY(e.sectors)`);
    if (filter.borisFlag !== undefined && filter.borisFlag !== null) {
      where.push(`${filter.borisFlag ? '' : 'NOT '}EXISTS (SELECT 1 FROM boris_flag f WHERE f.employer_id = e.id AND f.cleared_at IS NULL)`);
    }
    return this.exportRows('LEFT JOIN', where, params, limit);
  }

  /** Placements with their site and employer for the placement export, at most `limit` rows. */
  placementRows(filter: PlacementExportFilter, limit: number): Promise<ExportRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.region) where.push(`s.region = ${param(filter.region)}`);
    if (filter.sector) where.push(`p.sector = ${param(filter.sector)}`);
    if (filter.type) where.push(`p.type = ${param(filter.type)}`);
    if (filter.openOnly ?? true) where.push(`e.status <> 'STOPPED' AND (p.available_until IS NULL OR p.available_until >= ${param(todayIso())})`);
    return this.exportRows('JOIN', where, params, limit);
  }

  private exportRows(placementJoin: 'JOIN' | 'LEFT JOIN', where: string[], params: unknown[], limit: number): Promise<ExportRow[]> {
    return this.manager.query(
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
        LIMIT ${limit}`,
      params,
    );
  }

  /** One employer import at a time, until this transaction ends: two files naming the same new employer cannot both create it. */
  async lockEmployerImport(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('stagebank.employer-import'))`);
  }

  /**
   * Employers by KvK number (postcode null), and by name and postcode: those with a site at the
   * postcode whose name folds to the given name (one row per given name and postcode they match).
   */
  employersByKvkOrNameAndPostcode(
    kvks: string[],
    names: string[],
    postcodes: string[],
  ): Promise<Array<{ id: string; kvk_number: string | null; name: string; postcode: string | null }>> {
    return this.manager.query(
      `SELECT e.id, e.kvk_number, e.name, NULL AS postcode FROM employer e WHERE e.kvk_number = ANY($1)
     UNION ALL
     SELECT e.id, e.kvk_number, k.name, k.postcode FROM employer e JOIN site s ON s.employer_id = e.id
       JOIN unnest($2::text[], $3::text[]) AS k(name, postcode) ON stagebank_fold(e.name) = stagebank_fold(k.name) AND s.postcode = k.postcode`,
      [kvks, names, postcodes],
    );
  }

  sitesOfEmployers(employerIds: string[]): Promise<Array<{ id: string; employer_id: string; postcode: string; house_number: string }>> {
    return this.manager.query(`SELECT id, employer_id, postcode, house_number FROM site WHERE employer_id = ANY($1)`, [employerIds]);
  }

  placementTitlesAtSites(siteIds: string[]): Promise<Array<{ site_id: string; title: string }>> {
    return this.manager.query(`SELECT site_id, title FROM placement WHERE site_id = ANY($1)`, [siteIds]);
  }

  contactNamesOfEmployers(employerIds: string[]): Promise<Array<{ employer_id: string; name: string }>> {
    return this.manager.query(`SELECT employer_id, name FROM contact_person WHERE employer_id = ANY($1)`, [employerIds]);
  }

  insertEmployer(employer: DeepPartial<EmployerEntity>): Promise<EmployerEntity> {
    return this.manager.save(this.manager.create(EmployerEntity, employer));
  }

  insertSite(site: DeepPartial<SiteEntity>): Promise<SiteEntity> {
    return this.manager.save(this.manager.create(SiteEntity, site));
  }

  insertPlacement(placement: DeepPartial<PlacementEntity>): Promise<PlacementEntity> {
    return this.manager.save(this.manager.create(PlacementEntity, placement));
  }

  insertContactPerson(contact: DeepPartial<ContactPersonEntity>): Promise<ContactPersonEntity> {
    return this.manager.save(this.manager.create(ContactPersonEntity, contact));
  }

  /** One recognition import at a time, until this transaction ends. */
  async lockRecognitionImport(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('stagebank.recognition-import'))`);
  }

  employersByKvk(kvks: string[]): Promise<Array<{ id: string; kvk_number: string }>> {
    return this.manager.query(`SELECT id, kvk_number FROM employer WHERE kvk_number = ANY($1)`, [kvks]);
  }

  /** Every recognition of these employers, withdrawn ones too. */
  recognitionsOfEmployers(employerIds: string[]): Promise<RecognitionEntity[]> {
    return this.manager.getRepository(RecognitionEntity).findBy({ employerId: In(employerIds) });
  }

  /** Those of these employers with the Boris flag set now. */
  async flaggedEmployers(employerIds: string[]): Promise<string[]> {
    const rows: Array<{ employer_id: string }> = await this.manager.query(
      `SELECT employer_id FROM boris_flag WHERE cleared_at IS NULL AND employer_id = ANY($1)`,
      [employerIds],
    );
    return rows.map((r) => r.employer_id);
  }

  insertRecognition(recognition: DeepPartial<RecognitionEntity>): Promise<RecognitionEntity> {
    return this.manager.save(this.manager.create(RecognitionEntity, recognition));
  }

  insertBorisFlag(flag: DeepPartial<BorisFlagEntity>): Promise<BorisFlagEntity> {
    return this.manager.save(this.manager.create(BorisFlagEntity, flag));
  }
}
