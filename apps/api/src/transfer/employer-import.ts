import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { todayIso } from '@stagebank/domain';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { toPoint } from '../common/geo.types';
import { APP_CONFIG } from '../common/config.provider';
import { PlannedRow, fold } from './employer-rows';
import { ImportBudget } from './import-budget';
import { ImportWorkers } from './import-workers';
import type { EmployerLookup, ExistingKeys, Outcome } from './import.worker';
import { GeocodeResult, Geocoder } from '../geo/geocoder';
import { ImportAction, ImportCounts, ImportReport, ImportRowReport } from './transfer.types';
import { TransferRepository } from './transfer.repository';

/** Existing records a file's rows resolve to, by their keys. */
interface Existing {
  employers: Map<string, string>;
  sites: Map<string, string>;
  placements: Set<string>;
  contacts: Set<string>;
}

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
    private readonly repository: TransferRepository,
    private readonly geocoder: Geocoder,
    private readonly workers: ImportWorkers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(viewer: Viewer, file: Buffer, dryRun: boolean): Promise<ImportReport> {
    policy.assertCanEditNetwork(viewer);
    const budget = new ImportBudget(this.config.imports.timeBudgetMs);
    // Reading and checking the rows is proportional to the file and synchronous: a worker thread's,
    // which keeps the rows; this thread gets their keys for the database, then each row's outcome.
    const held = await this.workers.open('employers', file, this.config.imports.maxRows, budget);
    try {
      const { table, problems } = held;
      const lookup = held.lookup!;
      const existing = await findExisting(this.repository, lookup);
      budget.check();
      const { sites } = await held.match(keysOf(existing));
      const outcome = await held.outcome(await this.geocode(sites, budget));
      problems.push(...outcome.problems);
      const summary: Omit<ImportReport, 'rows'> = {
        dryRun,
        applied: false,
        encoding: table?.encoding ?? null,
        separator: table?.separator ?? null,
        ignoredColumns: table?.ignoredHeaders ?? [],
        rowCount: table?.rowCount ?? 0,
        problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
        created: outcome.created,
      };
      const preview = reportOf(summary, outcome);
      if (dryRun || preview.problems.length > 0) return preview;
      const planned = await held.rows();
      held.close();
      return await this.repository.transaction(async (tx) => {
        // One import at a time, so two files naming the same new employer cannot both create it.
        await tx.lockEmployerImport();
        const current = await findExisting(tx, lookup);
        // Past the budget, the throw rolls the transaction back: nothing is written.
        const counts = await this.write(tx, viewer, planned, current, budget);
        return reportOf({ ...summary, applied: true, created: counts }, outcome);
      });
    } finally {
      held.close();
    }
  }

  /** The new sites that no row brings coordinates for, each looked up once, in turn. */
  private async geocode(sites: Array<{ postcode: string; houseNumber: string }>, budget: ImportBudget): Promise<GeocodeResult[]> {
    const located: GeocodeResult[] = [];
    for (const { postcode, houseNumber } of sites) {
      located.push(await this.geocoder.locate(postcode, houseNumber));
      budget.check();
    }
    return located;
  }

  private async write(tx: TransferRepository, viewer: Viewer, planned: PlannedRow[], existing: Existing, budget: ImportBudget): Promise<ImportCounts> {
    const counts: ImportCounts = { employers: 0, sites: 0, placements: 0, contacts: 0 };
    const now = new Date();
    for (const p of planned) {
      await budget.tick();
      let employerId = existing.employers.get(p.employer.key);
      if (!employerId) {
        const { name, kvk, kind, size, sectors } = p.employer;
        employerId = (
          await tx.insertEmployer({
            name,
            kvkNumber: kvk,
            kind,
            sizeClass: size,
            sectors,
            createdByOrganisationId: viewer.organisationId,
            lastVerifiedAt: now,
          })
        ).id;
        existing.employers.set(p.employer.key, employerId);
        counts.employers++;
      }
      let siteId = existing.sites.get(p.site.key);
      if (!siteId) {
        const { name, street, houseNumber, postcode, place, coordinates } = p.site;
        siteId = (await tx.insertSite({ employerId, name, street, houseNumber, postcode, place, location: toPoint(coordinates!) })).id;
        existing.sites.set(p.site.key, siteId);
        counts.sites++;
      }
      if (p.placement && !existing.placements.has(p.placement.key)) {
        const { title, sector, type, seats, hours, supervision, audiences } = p.placement;
        await tx.insertPlacement({
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
        });
        existing.placements.add(p.placement.key);
        counts.placements++;
      }
      if (p.contact && !existing.contacts.has(p.contact.key)) {
        const { name, phone, email } = p.contact;
        await tx.insertContactPerson({ employerId, siteId, name, phone, email, createdByOrganisationId: viewer.organisationId });
        existing.contacts.add(p.contact.key);
        counts.contacts++;
      }
    }
    return counts;
  }
}

/** The codes of Outcome.actions (import.worker.ts), as the report says them. */
const ACTIONS = [null, ImportAction.CREATE, ImportAction.EXISTING] as const;

/**
 * The report, whose `rows` (one object per row, 20,000 for a large file) are made from the
 * worker's compact outcome only when a client asks for them, and then once.
 */
function reportOf(report: Omit<ImportReport, 'rows'>, outcome: Outcome): ImportReport {
  let rows: ImportRowReport[] | undefined;
  const make = (): ImportRowReport[] => {
    const { rows: lines, actions } = outcome;
    const made: ImportRowReport[] = new Array(lines.length);
    for (let at = 0; at < lines.length; at++) {
      made[at] = {
        row: lines[at],
        employer: ACTIONS[actions[at * 4]]!,
        site: ACTIONS[actions[at * 4 + 1]]!,
        placement: ACTIONS[actions[at * 4 + 2]],
        contact: ACTIONS[actions[at * 4 + 3]],
      };
    }
    return made;
  };
  return Object.defineProperty({ ...report } as ImportReport, 'rows', { enumerable: true, get: () => (rows ??= make()) });
}

/** The existing records' keys, for the worker thread that holds the rows. */
const keysOf = (existing: Existing): ExistingKeys => ({
  employers: [...existing.employers.keys()],
  sites: [...existing.sites.keys()],
  placements: [...existing.placements],
  contacts: [...existing.contacts],
});

/** Resolves the rows' keys to existing records, a few queries for the whole file. */
async function findExisting(repository: TransferRepository, lookup: EmployerLookup): Promise<Existing> {
  const existing: Existing = { employers: new Map(), sites: new Map(), placements: new Set(), contacts: new Set() };
  const { kvks, names, postcodes } = lookup;
  if (kvks.length === 0 && names.length === 0) return existing;
  const employers = await repository.employersByKvkOrNameAndPostcode(kvks, names, postcodes);
  for (const e of employers) {
    existing.employers.set(e.postcode === null ? `kvk:${e.kvk_number}` : `name:${fold(e.name)}|${e.postcode}`, e.id);
  }
  const keyOfEmployer = new Map([...existing.employers].map(([key, id]) => [id, key]));
  const employerIds = [...keyOfEmployer.keys()];
  if (employerIds.length === 0) return existing;

  const sites = await repository.sitesOfEmployers(employerIds);
  const keyOfSite = new Map<string, string>();
  for (const s of sites) {
    const key = `${keyOfEmployer.get(s.employer_id)}|${s.postcode}|${s.house_number.toLowerCase()}`;
    existing.sites.set(key, s.id);
    keyOfSite.set(s.id, key);
  }
  const placements = await repository.placementTitlesAtSites([...keyOfSite.keys()]);
  for (const p of placements) existing.placements.add(`${keyOfSite.get(p.site_id)}|${fold(p.title)}`);
  const contacts = await repository.contactNamesOfEmployers(employerIds);
  for (const c of contacts) existing.contacts.add(`${keyOfEmployer.get(c.employer_id)}|${fold(c.name)}`);
  return existing;
}
