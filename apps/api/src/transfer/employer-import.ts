import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { Audience, EmployerKind, PlacementType, Sector, SizeClass, SupportLevel, normalisePostcode, todayIso } from '@stagebank/domain';
import { ContactPersonEntity, EmployerEntity, PlacementEntity, SiteEntity } from '@stagebank/persistence';
import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DataSource, EntityManager } from 'typeorm';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { toPoint } from '../common/geo.types';
import { APP_CONFIG } from '../common/config.provider';
import { EMPLOYER_COLUMNS, EmployerColumn, audienceOf, kindOf, kvkOf, listOf, numberOf, placementTypeOf, sectorOf, sizeOf, supportOf } from './columns';
import { CsvRow, ImportProblem, readCsv } from './csv';
import { ImportBudget } from './import-budget';
import { Coordinates, Geocoder } from '../geo/geocoder';
import { ImportAction, ImportCounts, ImportReport } from './transfer.types';

interface PlannedRow {
  row: number;
  employer: { key: string; name: string; kvk: string | null; kind: EmployerKind; size: SizeClass; sectors: Sector[] };
  site: { key: string; name: string; street: string; houseNumber: string; postcode: string; place: string; coordinates: Coordinates | null };
  placement: {
    key: string;
    title: string;
    sector: Sector;
    type: PlacementType;
    seats: number;
    hours: number;
    supervision: SupportLevel;
    audiences: Audience[];
  } | null;
  contact: { key: string; name: string; phone: string | null; email: string | null } | null;
}

/** Existing records a file's rows resolve to, by their keys. */
interface Existing {
  employers: Map<string, string>;
  sites: Map<string, string>;
  placements: Set<string>;
  contacts: Set<string>;
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
/** Within the Netherlands, with a margin: a swapped latitude/longitude is caught. */
const inNetherlands = (c: Coordinates) => c.latitude >= 50.6 && c.latitude <= 53.7 && c.longitude >= 3.2 && c.longitude <= 7.3;

/**
 * Employers, sites, placements and contact persons from a school's spreadsheet. A dry run reports
 * per row what would happen and every problem (row, column, message); a real run writes all rows
 * in one transaction or, with any problem, nothing. Rows resolve to existing records (employer by
 * KvK, else by name and postcode; site by postcode and house number; placement by title; contact
 * by name), so importing the same file twice changes nothing the second time.
 */
@Injectable()
export class EmployerImport {
  constructor(
    private readonly db: DataSource,
    private readonly geocoder: Geocoder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(viewer: Viewer, file: Buffer, dryRun: boolean): Promise<ImportReport> {
    policy.assertCanEditNetwork(viewer);
    const budget = new ImportBudget(this.config.imports.timeBudgetMs);
    const { table, problems } = await readCsv(file, [...EMPLOYER_COLUMNS], { maxRows: this.config.imports.maxRows, budget });
    const planned: PlannedRow[] = [];
    for (const row of table?.rows ?? []) {
      planned.push(...this.parseRow(row, problems));
      await budget.tick();
    }
    problems.push(...duplicates(planned));

    const report = async (manager: EntityManager, applied: boolean, counts?: ImportCounts): Promise<ImportReport> => {
      const existing = await findExisting(manager, planned);
      budget.check();
      await this.geocodeNewSites(planned, existing, problems, budget);
      return {
        dryRun,
        applied,
        encoding: table?.encoding ?? null,
        separator: table?.separator ?? null,
        ignoredColumns: table?.ignoredHeaders ?? [],
        rowCount: table?.rows.length ?? 0,
        problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
        rows: planned.map((p) => ({
          row: p.row,
          employer: existing.employers.has(p.employer.key) ? ImportAction.EXISTING : ImportAction.CREATE,
          site: existing.sites.has(p.site.key) ? ImportAction.EXISTING : ImportAction.CREATE,
          placement: p.placement && (existing.placements.has(p.placement.key) ? ImportAction.EXISTING : ImportAction.CREATE),
          contact: p.contact && (existing.contacts.has(p.contact.key) ? ImportAction.EXISTING : ImportAction.CREATE),
        })),
        created: counts ?? countNew(planned, existing),
      };
    };

    const preview = await report(this.db.manager, false);
    if (dryRun || preview.problems.length > 0) return preview;
    return this.db.transaction(async (tx) => {
      // One import at a time, so two files naming the same new employer cannot both create it.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stagebank.employer-import'))`);
      const existing = await findExisting(tx, planned);
      // Past the budget, the throw rolls the transaction back: nothing is written.
      const counts = await this.write(tx, viewer, planned, existing, budget);
      return { ...preview, applied: true, created: counts };
    });
  }

  private parseRow(row: CsvRow<EmployerColumn>, problems: ImportProblem[]): PlannedRow[] {
    const before = problems.length;
    const problem = (column: EmployerColumn, message: string) => problems.push({ row: row.row, column, message });
    const required = (column: EmployerColumn, max = 200) => {
      const value = row.get(column);
      if (!value) problem(column, 'is empty');
      else if (value.length > max) problem(column, `is longer than ${max} characters`);
      return value;
    };

    const name = required('name');
    const kvkText = row.get('kvk');
    const kvk: string | null | undefined = kvkText ? kvkOf(kvkText) : null;
    if (kvk === undefined) problem('kvk', `"${kvkText}" is not a KvK number (8 digits)`);
    const kind = row.get('kind') ? kindOf(row.get('kind')) : EmployerKind.REGULAR;
    if (!kind) problem('kind', `unknown kind "${row.get('kind')}"`);
    const size = row.get('size') ? sizeOf(row.get('size')) : SizeClass.SMALL;
    if (!size) problem('size', `unknown size "${row.get('size')}" (klein, middel, groot)`);
    const sectors = row.get('sectors') ? listOf(row.get('sectors'), sectorOf, 'sector') : { problem: 'is empty' };
    if ('problem' in sectors) problem('sectors', sectors.problem);

    const street = required('street');
    const houseNumber = required('houseNumber', 12);
    if (houseNumber && !/^\d{1,5}\s?[a-zA-Z0-9-]{0,6}$/.test(houseNumber)) problem('houseNumber', `"${houseNumber}" is not a house number such as 12 or 12a`);
    const postcode = row.get('postcode') ? normalisePostcode(row.get('postcode')) : null;
    if (!row.get('postcode')) problem('postcode', 'is empty');
    else if (!postcode) problem('postcode', `"${row.get('postcode')}" is not a Dutch postcode (1234 AB)`);
    const place = required('place', 100);
    const latitude = numberOf(row.get('latitude'));
    const longitude = numberOf(row.get('longitude'));
    let coordinates: Coordinates | null = null;
    if (row.get('latitude') || row.get('longitude')) {
      if (latitude === undefined || longitude === undefined) problem('latitude', 'give both latitude and longitude as numbers, or neither');
      else if (!inNetherlands({ latitude, longitude })) problem('latitude', `${latitude}, ${longitude} is not in the Netherlands`);
      else coordinates = { latitude, longitude };
    }

    const employerKey = kvk ? `kvk:${kvk}` : `name:${fold(name)}|${postcode}`;
    const siteKey = `${employerKey}|${postcode}|${houseNumber.toLowerCase()}`;

    let placement: PlannedRow['placement'] = null;
    const title = row.get('title');
    if (title) {
      if (title.length > 200) problem('title', 'is longer than 200 characters');
      const sector = row.get('placementSector') ? sectorOf(row.get('placementSector')) : 'value' in sectors ? sectors.value[0] : undefined;
      if (row.get('placementSector') && !sector) problem('placementSector', `unknown sector "${row.get('placementSector')}"`);
      const type = row.get('placementType') ? placementTypeOf(row.get('placementType')) : PlacementType.STAGE;
      if (!type) problem('placementType', `unknown placement type "${row.get('placementType')}"`);
      const seats = row.get('seats') ? numberOf(row.get('seats')) : 1;
      if (seats === undefined || !Number.isInteger(seats) || seats < 1 || seats > 50)
        problem('seats', `"${row.get('seats')}" is not a number of seats from 1 to 50`);
      const hours = numberOf(row.get('hours'));
      if (hours === undefined || hours <= 0 || hours > 40)
        problem(
          'hours',
          row.get('hours') ? `"${row.get('hours')}" is not a number of hours per week up to 40` : 'is empty: hours per week are needed for a placement',
        );
      const supervision = row.get('supervision') ? supportOf(row.get('supervision')) : SupportLevel.MODERATE;
      if (!supervision) problem('supervision', `unknown supervision "${row.get('supervision')}" (licht, gemiddeld, intensief)`);
      const audiences = row.get('audiences') ? listOf(row.get('audiences'), audienceOf, 'audience') : { value: Object.values(Audience) };
      if ('problem' in audiences) problem('audiences', audiences.problem);
      if (sector && type && seats !== undefined && hours !== undefined && supervision && 'value' in audiences) {
        placement = { key: `${siteKey}|${fold(title)}`, title, sector, type, seats, hours, supervision, audiences: audiences.value };
      }
    }

    let contact: PlannedRow['contact'] = null;
    const contactName = row.get('contactName');
    const phoneText = row.get('contactPhone');
    const email = row.get('contactEmail').toLowerCase() || null;
    const phone = phoneText ? parsePhoneNumberFromString(phoneText, 'NL') : undefined;
    if (phoneText && !phone?.isValid()) problem('contactPhone', `"${phoneText}" is not a phone number`);
    if (email && !isEmail(email)) problem('contactEmail', `"${email}" is not an e-mail address`);
    if (contactName && !phoneText && !email) problem('contactName', 'a contact person needs a phone number or an e-mail address');
    if (!contactName && (phoneText || email)) problem('contactName', 'is empty, but a phone number or e-mail address is given');
    if (contactName && (phone?.isValid() || email))
      contact = { key: `${employerKey}|${fold(contactName)}`, name: contactName, phone: phone?.isValid() ? phone.number : null, email };

    if (problems.length > before || 'problem' in sectors || !kind || !size || !postcode) return [];
    return [
      {
        row: row.row,
        employer: { key: employerKey, name, kvk: kvk ?? null, kind, size, sectors: sectors.value },
        site: { key: siteKey, name: row.get('siteName') || name, street, houseNumber, postcode, place, coordinates },
        placement,
        contact,
      },
    ];
  }

  /**
   * New sites without coordinates take those of another row of the same site, else are geocoded,
   * once per site. Rows are grouped by site first: looking for a twin among all rows per row made
   * a large file quadratic.
   */
  private async geocodeNewSites(planned: PlannedRow[], existing: Existing, problems: ImportProblem[], budget: ImportBudget): Promise<void> {
    const reported = new Set(problems.map((p) => `${p.row}|${p.column}`));
    const bySite = new Map<string, PlannedRow[]>();
    for (const p of planned) {
      if (existing.sites.has(p.site.key)) continue;
      const rows = bySite.get(p.site.key);
      if (rows) rows.push(p);
      else bySite.set(p.site.key, [p]);
    }
    for (const rows of bySite.values()) {
      await budget.tick();
      const missing = rows.filter((p) => !p.site.coordinates);
      if (missing.length === 0) continue;
      const found =
        rows.find((p) => p.site.coordinates)?.site.coordinates ?? (await this.geocoder.locate(missing[0].site.postcode, missing[0].site.houseNumber));
      budget.check();
      if ('problem' in found) {
        for (const p of missing) if (!reported.has(`${p.row}|postcode`)) problems.push({ row: p.row, column: 'postcode', message: found.problem });
      } else {
        for (const p of missing) p.site.coordinates = found;
      }
    }
  }

  private async write(tx: EntityManager, viewer: Viewer, planned: PlannedRow[], existing: Existing, budget: ImportBudget): Promise<ImportCounts> {
    const counts: ImportCounts = { employers: 0, sites: 0, placements: 0, contacts: 0 };
    const now = new Date();
    for (const p of planned) {
      await budget.tick();
      let employerId = existing.employers.get(p.employer.key);
      if (!employerId) {
        const { name, kvk, kind, size, sectors } = p.employer;
        employerId = (
          await tx.save(
            tx.create(EmployerEntity, {
              name,
              kvkNumber: kvk,
              kind,
              sizeClass: size,
              sectors,
              createdByOrganisationId: viewer.organisationId,
              lastVerifiedAt: now,
            }),
          )
        ).id;
        existing.employers.set(p.employer.key, employerId);
        counts.employers++;
      }
      let siteId = existing.sites.get(p.site.key);
      if (!siteId) {
        const { name, street, houseNumber, postcode, place, coordinates } = p.site;
        siteId = (await tx.save(tx.create(SiteEntity, { employerId, name, street, houseNumber, postcode, place, location: toPoint(coordinates!) }))).id;
        existing.sites.set(p.site.key, siteId);
        counts.sites++;
      }
      if (p.placement && !existing.placements.has(p.placement.key)) {
        const { title, sector, type, seats, hours, supervision, audiences } = p.placement;
        await tx.save(
          tx.create(PlacementEntity, {
            siteId,
            title,
            sector,
            type,
            seats,
            hoursPerWeek: hours,
            supervisionLevel: supervision,
            audiences,
            days: [],
            availableFrom: todayIso(),
            lastVerifiedAt: now,
          }),
        );
        existing.placements.add(p.placement.key);
        counts.placements++;
      }
      if (p.contact && !existing.contacts.has(p.contact.key)) {
        const { name, phone, email } = p.contact;
        await tx.save(tx.create(ContactPersonEntity, { employerId, siteId, name, phone, email, createdByOrganisationId: viewer.organisationId }));
        existing.contacts.add(p.contact.key);
        counts.contacts++;
      }
    }
    return counts;
  }
}

/** Rows that say the same thing twice: the same placement, or the same site without a placement. */
function duplicates(planned: PlannedRow[]): ImportProblem[] {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const p of planned) {
    const key = p.placement?.key ?? `${p.site.key}|`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ row: p.row, column: p.placement ? 'title' : 'name', message: `duplicate of row ${first}` });
    else seen.set(key, p.row);
  }
  return problems;
}

function countNew(planned: PlannedRow[], existing: Existing): ImportCounts {
  const distinct = (keys: Array<string | undefined>, known: { has(key: string): boolean }) =>
    new Set(keys.filter((k): k is string => !!k && !known.has(k))).size;
  return {
    employers: distinct(
      planned.map((p) => p.employer.key),
      existing.employers,
    ),
    sites: distinct(
      planned.map((p) => p.site.key),
      existing.sites,
    ),
    placements: distinct(
      planned.map((p) => p.placement?.key),
      existing.placements,
    ),
    contacts: distinct(
      planned.map((p) => p.contact?.key),
      existing.contacts,
    ),
  };
}

/** Resolves the rows' keys to existing records, a few queries for the whole file. */
async function findExisting(manager: EntityManager, planned: PlannedRow[]): Promise<Existing> {
  const existing: Existing = { employers: new Map(), sites: new Map(), placements: new Set(), contacts: new Set() };
  if (planned.length === 0) return existing;
  const kvks = [...new Set(planned.map((p) => p.employer.kvk).filter((k): k is string => k !== null))];
  const byName = planned.filter((p) => !p.employer.kvk);
  const employers: Array<{ id: string; kvk_number: string | null; name: string; postcode: string | null }> = await manager.query(
    `SELECT e.id, e.kvk_number, e.name, NULL AS postcode FROM employer e WHERE e.kvk_number = ANY($1)
     UNION ALL
     SELECT e.id, e.kvk_number, k.name, k.postcode FROM employer e JOIN site s ON s.employer_id = e.id
       JOIN unnest($2::text[], $3::text[]) AS k(name, postcode) ON stagebank_fold(e.name) = stagebank_fold(k.name) AND s.postcode = k.postcode`,
    [kvks, byName.map((p) => p.employer.name), byName.map((p) => p.site.postcode)],
  );
  for (const e of employers) {
    existing.employers.set(e.postcode === null ? `kvk:${e.kvk_number}` : `name:${fold(e.name)}|${e.postcode}`, e.id);
  }
  const keyOfEmployer = new Map([...existing.employers].map(([key, id]) => [id, key]));
  const employerIds = [...keyOfEmployer.keys()];
  if (employerIds.length === 0) return existing;

  const sites: Array<{ id: string; employer_id: string; postcode: string; house_number: string }> = await manager.query(
    `SELECT id, employer_id, postcode, house_number FROM site WHERE employer_id = ANY($1)`,
    [employerIds],
  );
  const keyOfSite = new Map<string, string>();
  for (const s of sites) {
    const key = `${keyOfEmployer.get(s.employer_id)}|${s.postcode}|${s.house_number.toLowerCase()}`;
    existing.sites.set(key, s.id);
    keyOfSite.set(s.id, key);
  }
  const placements: Array<{ site_id: string; title: string }> = await manager.query(`SELECT site_id, title FROM placement WHERE site_id = ANY($1)`, [
    [...keyOfSite.keys()],
  ]);
  for (const p of placements) existing.placements.add(`${keyOfSite.get(p.site_id)}|${fold(p.title)}`);
  const contacts: Array<{ employer_id: string; name: string }> = await manager.query(
    `SELECT employer_id, name FROM contact_person WHERE employer_id = ANY($1)`,
    [employerIds],
  );
  for (const c of contacts) existing.contacts.add(`${keyOfEmployer.get(c.employer_id)}|${fold(c.name)}`);
  return existing;
}
