import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { StagebankError } from '../common/stagebank.error';
import type { Coordinates, GeocodeResult } from '../geo/geocoder';
import { EMPLOYER_COLUMNS, RECOGNITION_COLUMNS } from './columns';
import { CsvEncoding, ImportProblem, readCsv } from './csv';
import { PlannedRow, duplicates, planEmployerRow } from './employer-rows';
import { ImportBudget } from './import-budget';
import { PlannedRecognition, duplicateRecognitions, planRecognitionRow } from './recognition-rows';

/**
 * The import worker thread (started by import-workers.ts): decodes, parses and checks an uploaded
 * file, the part of an import that is synchronous and proportional to the file, so the request's
 * event loop stays free for everyone else meanwhile. No database here. The checked rows stay in
 * this thread: the request's thread asks for what it needs (an employer file's keys to look up in
 * the database, then, given what exists, the sites to geocode and each row's outcome), because
 * receiving 20,000 rows of small objects there cost the event loop more in garbage collection
 * than reading the file costs here. Rows cross over only when they are to be written.
 *
 * One file at a time: a thread serves one import from `read` until `forget` (or the next `read`).
 */

export type ImportKind = 'employers' | 'recognitions';
export type PlannedOf<K extends ImportKind> = K extends 'employers' ? PlannedRow : PlannedRecognition;

/** The request's budget, carried over: its length and when it began, in epoch milliseconds. */
export interface BudgetTerms {
  budgetMs: number;
  startedAt: number;
}

/** What the request's thread asks of this one. */
export type ImportRequest =
  | {
      id: number;
      type: 'read';
      budget: BudgetTerms;
      kind: ImportKind;
      file: Uint8Array;
      maxRows: number;
      /** Read at a lower priority (a large file): the thread cannot raise it again, so it is retired afterwards. */
      background: boolean;
    }
  /** An employer file: given the records that exist, which new sites need geocoding (answered with a `SitesToLocate`). */
  | { id: number; type: 'match'; budget: BudgetTerms; existing: ExistingKeys }
  /** An employer file: the geocoder's answers, one per site asked for (answered with an `Outcome`). */
  | { id: number; type: 'outcome'; budget: BudgetTerms; located: GeocodeResult[] }
  /** The checked rows themselves, for writing (sent in batches of `rows` messages). */
  | { id: number; type: 'rows'; budget: BudgetTerms }
  /** The import is over: let its rows go. */
  | { type: 'forget' };

/** What the report needs of the file itself. */
export interface TableSummary {
  encoding: CsvEncoding;
  separator: string;
  ignoredHeaders: string[];
  rowCount: number;
}

/** An employer file's keys that name existing records: each distinct KvK number, and each distinct name and postcode of rows without one. */
export interface EmployerLookup {
  kvks: string[];
  names: string[];
  postcodes: string[];
}

/** The answer to `read`; `lookup` for an employer file. */
export interface ReadResult {
  table: TableSummary | null;
  lookup: EmployerLookup | null;
}

/** The keys of the records that exist already (see employer-rows.ts for how keys are made). */
export interface ExistingKeys {
  employers: string[];
  sites: string[];
  placements: string[];
  contacts: string[];
}

/** New sites that no row gives coordinates for, in file order: the request's thread geocodes each. */
export interface SitesToLocate {
  sites: Array<{ postcode: string; houseNumber: string }>;
}

/** What a row does to one record, in `Outcome.actions`: made new, already there, or nothing (no placement or contact). */
const CREATE = 1;
const EXISTING = 2;
const NONE = 0;

/**
 * The outcome of an employer file: per row (in `rows`, its line) four codes in `actions`
 * (employer, site, placement, contact; 0 nothing, 1 create, 2 existing), typed arrays that cross
 * threads as they are; the report's rows are made of them only if a client asks for them.
 * `problems`: those the geocoder added.
 */
export interface Outcome {
  rows: Int32Array;
  actions: Uint8Array;
  created: { employers: number; sites: number; placements: number; contacts: number };
  problems: ImportProblem[];
}

/** A coded error travels as its parts (a class does not cross threads); anything else as its message. */
export type FailedTask =
  | { coded: { code: StagebankError['code']; message: string; field?: string; problems?: StagebankError['problems']; details?: Record<string, unknown> } }
  | { message: string; stack?: string };

export type WorkerMessage =
  | { type: 'ready' }
  | { id: number; type: 'rows'; rows: unknown[] }
  | { id: number; type: 'problems'; problems: ImportProblem[] }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'failed'; error: FailedTask };

/** Rows or problems per message: each arrives as its own small task on the request's thread, not one long copy. */
const BATCH = 1000;

type Send = (message: WorkerMessage, transfer?: ArrayBuffer[]) => void;

/** The file this thread holds, between `read` and `forget`. */
interface Held {
  kind: ImportKind;
  problems: ImportProblem[];
  planned: Array<PlannedRow | PlannedRecognition>;
  /** After `match`: the rows of each new site to geocode, in the order asked for, and the existing records' keys. */
  toLocate?: PlannedRow[][];
  existing?: { employers: Set<string>; sites: Set<string>; placements: Set<string>; contacts: Set<string> };
}

let held: Held | null = null;

const budgetOf = (terms: BudgetTerms) => new ImportBudget(terms.budgetMs, terms.startedAt);

function holding(kind?: ImportKind): Held {
  if (!held || (kind && held.kind !== kind)) throw new Error('the import worker holds no such file');
  return held;
}

async function read(task: Extract<ImportRequest, { type: 'read' }>, send: Send): Promise<void> {
  held = null;
  // A large file is seconds of work that the event loop's thread shares the cores with: when they
  // are busy, everyone's requests go first. Linux keeps the nice value per thread, so this lowers
  // only this one. A small file keeps normal priority, as its few milliseconds delay no one.
  if (task.background) {
    try {
      setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
    } catch {
      // Not permitted here: the file is read at normal priority, still off the event loop.
    }
  }
  const budget = budgetOf(task.budget);
  const file = Buffer.from(task.file.buffer, task.file.byteOffset, task.file.byteLength);
  const columns = task.kind === 'employers' ? EMPLOYER_COLUMNS : RECOGNITION_COLUMNS;
  const { table, problems } = await readCsv(file, [...columns], { maxRows: task.maxRows, budget });
  const planned: Array<PlannedRow | PlannedRecognition> = [];
  for (const row of table?.rows ?? []) {
    budget.check();
    planned.push(...(task.kind === 'employers' ? planEmployerRow(row, problems) : planRecognitionRow(row, problems)));
  }
  problems.push(...(task.kind === 'employers' ? duplicates(planned as PlannedRow[]) : duplicateRecognitions(planned as PlannedRecognition[])));
  budget.check();
  held = { kind: task.kind, problems, planned };
  for (let at = 0; at < problems.length; at += BATCH) send({ id: task.id, type: 'problems', problems: problems.slice(at, at + BATCH) });
  const summary = table && { encoding: table.encoding, separator: table.separator, ignoredHeaders: table.ignoredHeaders, rowCount: table.rows.length };
  const result: ReadResult = { table: summary, lookup: task.kind === 'employers' ? lookupOf(planned as PlannedRow[]) : null };
  send({ id: task.id, type: 'done', result });
}

function lookupOf(planned: PlannedRow[]): EmployerLookup {
  const kvks = new Set<string>();
  const byName = new Map<string, { name: string; postcode: string }>();
  for (const { employer, site } of planned) {
    if (employer.kvk !== null) kvks.add(employer.kvk);
    else byName.set(`${employer.name}\u0000${site.postcode}`, { name: employer.name, postcode: site.postcode });
  }
  const pairs = [...byName.values()];
  return { kvks: [...kvks], names: pairs.map((p) => p.name), postcodes: pairs.map((p) => p.postcode) };
}

/**
 * New sites without coordinates take those of another row of the same site, else are geocoded
 * (by the request's thread), once per site. Rows are grouped by site first: looking for a twin
 * among all rows per row made a large file quadratic.
 */
function match(task: Extract<ImportRequest, { type: 'match' }>): SitesToLocate {
  const file = holding('employers');
  const budget = budgetOf(task.budget);
  const existing = {
    employers: new Set(task.existing.employers),
    sites: new Set(task.existing.sites),
    placements: new Set(task.existing.placements),
    contacts: new Set(task.existing.contacts),
  };
  const bySite = new Map<string, PlannedRow[]>();
  for (const p of file.planned as PlannedRow[]) {
    budget.check();
    if (existing.sites.has(p.site.key)) continue;
    const rows = bySite.get(p.site.key);
    if (rows) rows.push(p);
    else bySite.set(p.site.key, [p]);
  }
  const toLocate: PlannedRow[][] = [];
  for (const rows of bySite.values()) {
    const missing = rows.filter((p) => !p.site.coordinates);
    if (missing.length === 0) continue;
    const twin = rows.find((p) => p.site.coordinates)?.site.coordinates;
    if (twin) for (const p of missing) p.site.coordinates = twin;
    else toLocate.push(missing);
  }
  file.existing = existing;
  file.toLocate = toLocate;
  return { sites: toLocate.map(([first]) => ({ postcode: first.site.postcode, houseNumber: first.site.houseNumber })) };
}

/** The geocoder's answers applied, then per row what would happen and how many records would be new (each distinct key once). */
function outcome(task: Extract<ImportRequest, { type: 'outcome' }>): { outcome: Outcome; transfer: ArrayBuffer[] } {
  const file = holding('employers');
  if (!file.existing || !file.toLocate || file.toLocate.length !== task.located.length) throw new Error('the import worker was not asked to match first');
  const budget = budgetOf(task.budget);
  const reported = new Set(file.problems.map((p) => `${p.row}|${p.column}`));
  const added: ImportProblem[] = [];
  task.located.forEach((found, at) => {
    const missing = file.toLocate![at];
    if ('problem' in found) {
      for (const p of missing) if (!reported.has(`${p.row}|postcode`)) added.push({ row: p.row, column: 'postcode', message: found.problem });
    } else {
      const coordinates: Coordinates = { latitude: found.latitude, longitude: found.longitude };
      for (const p of missing) p.site.coordinates = coordinates;
    }
  });
  file.problems.push(...added);

  const planned = file.planned as PlannedRow[];
  const { existing } = file;
  const fresh = { employers: new Set<string>(), sites: new Set<string>(), placements: new Set<string>(), contacts: new Set<string>() };
  const action = (key: string, known: Set<string>, created: Set<string>) => {
    if (known.has(key)) return EXISTING;
    created.add(key);
    return CREATE;
  };
  const rows = new Int32Array(planned.length);
  const actions = new Uint8Array(planned.length * 4);
  planned.forEach((p, at) => {
    budget.check();
    rows[at] = p.row;
    actions[at * 4] = action(p.employer.key, existing.employers, fresh.employers);
    actions[at * 4 + 1] = action(p.site.key, existing.sites, fresh.sites);
    actions[at * 4 + 2] = p.placement ? action(p.placement.key, existing.placements, fresh.placements) : NONE;
    actions[at * 4 + 3] = p.contact ? action(p.contact.key, existing.contacts, fresh.contacts) : NONE;
  });
  const { employers, sites, placements, contacts } = fresh;
  const created = { employers: employers.size, sites: sites.size, placements: placements.size, contacts: contacts.size };
  return { outcome: { rows, actions, created, problems: added }, transfer: [rows.buffer, actions.buffer] };
}

async function perform(task: Exclude<ImportRequest, { type: 'forget' }>, send: Send): Promise<void> {
  switch (task.type) {
    case 'read':
      return read(task, send);
    case 'match':
      return send({ id: task.id, type: 'done', result: match(task) });
    case 'outcome': {
      const { outcome: result, transfer } = outcome(task);
      return send({ id: task.id, type: 'done', result }, transfer);
    }
    case 'rows': {
      const { planned } = holding();
      budgetOf(task.budget).check();
      for (let at = 0; at < planned.length; at += BATCH) send({ id: task.id, type: 'rows', rows: planned.slice(at, at + BATCH) });
      return send({ id: task.id, type: 'done', result: null });
    }
  }
}

function failure(error: unknown): FailedTask {
  if (error instanceof StagebankError) {
    const { code, message, field, problems, details } = error;
    return { coded: { code, message, field, problems, details } };
  }
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

const port = parentPort;
if (port) {
  const send: Send = (message, transfer) => port.postMessage(message, transfer);
  port.on('message', (task: ImportRequest) => {
    if (task.type === 'forget') {
      held = null;
      return;
    }
    perform(task, send).catch((error: unknown) => send({ id: task.id, type: 'failed', error: failure(error) }));
  });
  send({ type: 'ready' });
}
