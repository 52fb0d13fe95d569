import { grown } from './candidate-columns';
import type { Candidate } from './types';

/** Where each reference field sits in a slot's run of `refs`. */
const enum Ref {
  title,
  tasks,
  sector,
  employerSectors,
  tags,
  employerKind,
  type,
  claims,
  days,
  wheelchairVerifiedOn,
  requiredCertificates,
  requiredQualifications,
  crebo,
  werkprocessen,
  audiences,
  audiencesVerifiedOn,
  supervisionLevel,
  paidJobChance,
  availableFrom,
  availableUntil,
  employerStatus,
  pausedUntil,
  recognitions,
  siteClaims,
  trackRecord,
  experiences,
  reservation,
  count,
}

/** Where each number sits in a slot's run of `numbers`. */
const enum Num {
  seats,
  supervisionCapacity,
  trainedSupervisors,
  verifiedTrainedSupervisors,
  latitude,
  longitude,
  capacityLight,
  capacityModerate,
  capacityIntensive,
  count,
}

const enum Bit {
  weekendWork = 1,
  customerContact = 2,
  quietWorkplace = 4,
  wheelchairAccessible = 8,
  schoolSupervisorRequired = 16,
  allowancePaid = 32,
  borisFlag = 64,
}

/**
 * Distinct values, numbered: each value is kept once however many placements hold it. Numbers 0 and
 * 1 stand for undefined and null in every table, so an absent field reads back as it was written.
 */
class Interner<T> {
  readonly values: Array<T | null | undefined> = [undefined, null];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  get size(): number {
    return this.values.length;
  }

  /** A table of only the values `used` marks, and each kept value's new number (by its old one). */
  pruned(used: Uint8Array): { table: Interner<T>; renumber: Int32Array } {
    const table = new Interner<T>(this.keyOf);
    const renumber = new Int32Array(this.values.length);
    renumber[1] = 1;
    for (const [key, n] of this.numbers) {
      if (!used[n]) continue;
      renumber[n] = table.values.push(this.values[n]) - 1;
      table.numbers.set(key, renumber[n]);
    }
    return { table, renumber };
  }

  number(value: T | null | undefined, copy: (value: T) => T = (v) => v): number {
    if (value === undefined) return 0;
    if (value === null) return 1;
    const key = this.keyOf(value);
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.values.push(copy(value)) - 1;
      this.numbers.set(key, n);
    }
    return n;
  }
}

interface Tables {
  texts: Interner<string>;
  lists: Interner<readonly string[]>;
  /** Records and lists of records (claims, recognitions, track record, a reservation): keyed by their JSON. */
  records: Interner<unknown>;
}

/** Which table each reference field numbers into: 0 texts, 1 lists, 2 records. */
const TABLE_OF = (() => {
  const table = new Uint8Array(Ref.count);
  for (const f of [Ref.tasks, Ref.employerSectors, Ref.tags, Ref.days, Ref.requiredCertificates, Ref.werkprocessen, Ref.audiences]) table[f] = 1;
  for (const f of [Ref.claims, Ref.requiredQualifications, Ref.recognitions, Ref.siteClaims, Ref.trackRecord, Ref.experiences, Ref.reservation]) table[f] = 2;
  return table;
})();

/**
 * Every placement's Candidate, held as numbers in typed arrays rather than as objects: per slot the
 * placement, employer and site ids, one number per text, list or record field (into tables of
 * distinct values, since hundreds of thousands of placements repeat a few thousand titles, task
 * lists, day lists, enums and an employer's recognitions and track record), its counts and
 * coordinates, and its yes/no fields as bits. The garbage collector then
 * marks a few tables instead of millions of small objects, which is what kept an API process's heap
 * large and its full collections slow under load. `at` builds the Candidate again when a query scores
 * or explains a placement (a few hundred per query), equal to the one that was stored.
 */
export class CandidateStore {
  /** The placement id per slot; undefined for an empty slot (a tombstone). */
  private placementIds: Array<string | undefined> = [];
  /** Kept per slot, not numbered: nearly every employer and site is a value of its own, and a table of them costs as much. */
  private employerIds: string[] = [];
  private siteIds: string[] = [];
  private refs = new Int32Array(0);
  private numbers = new Float64Array(0);
  private bits = new Uint8Array(0);
  private capacity = 0;
  private readonly texts: Interner<string>;
  private readonly lists: Interner<readonly string[]>;
  private readonly records: Interner<unknown>;

  /** A store with empty tables, or with the given ones. */
  constructor(tables?: Tables) {
    this.texts = tables?.texts ?? new Interner<string>((s) => s);
    this.lists = tables?.lists ?? new Interner<readonly string[]>((l) => l.join('\u0000'));
    // Most placements hold empty lists here: their key needs no JSON.
    this.records = tables?.records ?? new Interner<unknown>((r) => (Array.isArray(r) && r.length === 0 ? '[]' : JSON.stringify(r)));
  }

  /** Distinct values held, live or left behind by patches: the index compacts when they pile up. */
  get interned(): number {
    return this.texts.size + this.lists.size + this.records.size;
  }

  /** Makes room for slots 0 … n-1. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, Math.ceil(this.capacity * 1.5), 16);
    this.refs = grown(this.refs, capacity * Ref.count);
    this.numbers = grown(this.numbers, capacity * Num.count);
    this.bits = grown(this.bits, capacity);
    this.capacity = capacity;
  }

  has(i: number): boolean {
    return this.placementIds[i] !== undefined;
  }

  placementId(i: number): string | undefined {
    return this.placementIds[i];
  }

  latitude(i: number): number {
    return this.numbers[i * Num.count + Num.latitude];
  }

  longitude(i: number): number {
    return this.numbers[i * Num.count + Num.longitude];
  }

  /** Empties slot i. */
  clear(i: number): void {
    this.placementIds[i] = undefined;
    this.employerIds[i] = this.siteIds[i] = '';
  }

  /** Writes the candidate into slot i (which `reserve` made room for). */
  set(i: number, c: Candidate): void {
    this.placementIds[i] = c.placementId;
    this.employerIds[i] = c.employerId;
    this.siteIds[i] = c.siteId;
    const r = i * Ref.count;
    const refs = this.refs;
    const text = (s: string | null | undefined) => this.texts.number(s);
    const list = (l: readonly string[] | null | undefined) =>
      this.lists.number(l, (values) => Object.freeze(values.map((v) => this.texts.values[this.texts.number(v)] as string)));
    const record = (value: unknown) => this.records.number(value);
    refs[r + Ref.title] = text(c.title);
    refs[r + Ref.tasks] = list(c.tasks);
    refs[r + Ref.sector] = text(c.sector);
    refs[r + Ref.employerSectors] = list(c.employerSectors);
    refs[r + Ref.tags] = list(c.tags);
    refs[r + Ref.employerKind] = text(c.employerKind);
    refs[r + Ref.type] = text(c.type);
    refs[r + Ref.claims] = record(c.claims);
    refs[r + Ref.days] = list(c.days);
    refs[r + Ref.wheelchairVerifiedOn] = text(c.wheelchairVerifiedOn);
    refs[r + Ref.requiredCertificates] = list(c.requiredCertificates);
    refs[r + Ref.requiredQualifications] = record(c.requiredQualifications);
    refs[r + Ref.crebo] = text(c.crebo);
    refs[r + Ref.werkprocessen] = list(c.werkprocessen);
    refs[r + Ref.audiences] = list(c.audiences);
    refs[r + Ref.audiencesVerifiedOn] = text(c.audiencesVerifiedOn);
    refs[r + Ref.supervisionLevel] = text(c.supervisionLevel);
    refs[r + Ref.paidJobChance] = text(c.paidJobChance);
    refs[r + Ref.availableFrom] = text(c.availableFrom);
    refs[r + Ref.availableUntil] = text(c.availableUntil);
    refs[r + Ref.employerStatus] = text(c.employerStatus);
    refs[r + Ref.pausedUntil] = text(c.pausedUntil);
    refs[r + Ref.recognitions] = record(c.recognitions);
    refs[r + Ref.siteClaims] = record(c.siteClaims);
    refs[r + Ref.trackRecord] = record(c.trackRecord);
    refs[r + Ref.experiences] = record(c.experiences);
    refs[r + Ref.reservation] = record(c.reservation);
    const n = i * Num.count;
    const numbers = this.numbers;
    numbers[n + Num.seats] = c.seats;
    numbers[n + Num.supervisionCapacity] = c.supervisionCapacity;
    numbers[n + Num.trainedSupervisors] = c.trainedSupervisors;
    numbers[n + Num.verifiedTrainedSupervisors] = c.verifiedTrainedSupervisors;
    numbers[n + Num.latitude] = c.location.latitude;
    numbers[n + Num.longitude] = c.location.longitude;
    numbers[n + Num.capacityLight] = c.supervisorCapacity[0];
    numbers[n + Num.capacityModerate] = c.supervisorCapacity[1];
    numbers[n + Num.capacityIntensive] = c.supervisorCapacity[2];
    this.bits[i] =
      (c.weekendWork ? Bit.weekendWork : 0) |
      (c.customerContact ? Bit.customerContact : 0) |
      (c.quietWorkplace ? Bit.quietWorkplace : 0) |
      (c.wheelchairAccessible ? Bit.wheelchairAccessible : 0) |
      (c.schoolSupervisorRequired ? Bit.schoolSupervisorRequired : 0) |
      (c.allowancePaid ? Bit.allowancePaid : 0) |
      (c.borisFlag ? Bit.borisFlag : 0);
  }

  /** The candidate in slot i, built afresh from the columns; undefined for an empty slot. */
  at(i: number): Candidate | undefined {
    const placementId = this.placementIds[i];
    if (placementId === undefined) return undefined;
    const r = i * Ref.count;
    const n = i * Num.count;
    const refs = this.refs;
    const numbers = this.numbers;
    const bits = this.bits[i];
    // The tables hold exactly what `set` was given for each field; the casts restore the field types.
    const text = this.texts.values as never[];
    const list = this.lists.values as never[];
    const record = this.records.values as never[];
    return {
      placementId,
      employerId: this.employerIds[i],
      siteId: this.siteIds[i],
      title: text[refs[r + Ref.title]],
      tasks: list[refs[r + Ref.tasks]],
      sector: text[refs[r + Ref.sector]],
      employerSectors: list[refs[r + Ref.employerSectors]],
      tags: list[refs[r + Ref.tags]],
      employerKind: text[refs[r + Ref.employerKind]],
      type: text[refs[r + Ref.type]],
      seats: numbers[n + Num.seats],
      claims: record[refs[r + Ref.claims]],
      days: list[refs[r + Ref.days]],
      weekendWork: (bits & Bit.weekendWork) !== 0,
      customerContact: (bits & Bit.customerContact) !== 0,
      quietWorkplace: (bits & Bit.quietWorkplace) !== 0,
      wheelchairAccessible: (bits & Bit.wheelchairAccessible) !== 0,
      wheelchairVerifiedOn: text[refs[r + Ref.wheelchairVerifiedOn]],
      requiredCertificates: list[refs[r + Ref.requiredCertificates]],
      requiredQualifications: record[refs[r + Ref.requiredQualifications]],
      crebo: text[refs[r + Ref.crebo]],
      werkprocessen: list[refs[r + Ref.werkprocessen]],
      audiences: list[refs[r + Ref.audiences]],
      audiencesVerifiedOn: text[refs[r + Ref.audiencesVerifiedOn]],
      supervisionLevel: text[refs[r + Ref.supervisionLevel]],
      schoolSupervisorRequired: (bits & Bit.schoolSupervisorRequired) !== 0,
      allowancePaid: (bits & Bit.allowancePaid) !== 0,
      paidJobChance: text[refs[r + Ref.paidJobChance]],
      availableFrom: text[refs[r + Ref.availableFrom]],
      availableUntil: text[refs[r + Ref.availableUntil]],
      employerStatus: text[refs[r + Ref.employerStatus]],
      pausedUntil: text[refs[r + Ref.pausedUntil]],
      recognitions: record[refs[r + Ref.recognitions]],
      borisFlag: (bits & Bit.borisFlag) !== 0,
      supervisionCapacity: numbers[n + Num.supervisionCapacity],
      trainedSupervisors: numbers[n + Num.trainedSupervisors],
      verifiedTrainedSupervisors: numbers[n + Num.verifiedTrainedSupervisors],
      supervisorCapacity: [numbers[n + Num.capacityLight], numbers[n + Num.capacityModerate], numbers[n + Num.capacityIntensive]],
      siteClaims: record[refs[r + Ref.siteClaims]],
      trackRecord: record[refs[r + Ref.trackRecord]],
      experiences: record[refs[r + Ref.experiences]],
      location: { latitude: numbers[n + Num.latitude], longitude: numbers[n + Num.longitude] },
      reservation: record[refs[r + Ref.reservation]],
    };
  }

  /**
   * The slots `order` names, in that order, as a new store. With `prune` the new store's tables keep
   * only the values those slots hold (what a compaction wants: values patches left behind go, and
   * the slots' numbers are renumbered); without, it shares this store's tables.
   */
  reordered(order: ArrayLike<number>, prune: boolean): CandidateStore {
    const { refs, numbers, bits, placementIds, employerIds, siteIds } = this;
    let tables: Tables = { texts: this.texts, lists: this.lists, records: this.records };
    let renumber: Int32Array[] | null = null;
    if (prune) {
      const used = [new Uint8Array(this.texts.size), new Uint8Array(this.lists.size), new Uint8Array(this.records.size)];
      for (let k = 0; k < order.length; k++) for (let f = 0, r = order[k] * Ref.count; f < Ref.count; f++) used[TABLE_OF[f]][refs[r + f]] = 1;
      const [texts, lists, records] = [this.texts.pruned(used[0]), this.lists.pruned(used[1]), this.records.pruned(used[2])];
      tables = { texts: texts.table, lists: lists.table, records: records.table };
      renumber = [texts.renumber, lists.renumber, records.renumber];
    }
    const next = new CandidateStore(tables);
    next.reserve(order.length);
    const to = {
      refs: next.refs,
      numbers: next.numbers,
      bits: next.bits,
      placementIds: next.placementIds,
      employerIds: next.employerIds,
      siteIds: next.siteIds,
    };
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      to.placementIds[k] = placementIds[i];
      to.employerIds[k] = employerIds[i];
      to.siteIds[k] = siteIds[i];
      for (let f = 0; f < Ref.count; f++) {
        const n = refs[i * Ref.count + f];
        to.refs[k * Ref.count + f] = renumber ? renumber[TABLE_OF[f]][n] : n;
      }
      for (let f = 0; f < Num.count; f++) to.numbers[k * Num.count + f] = numbers[i * Num.count + f];
      to.bits[k] = bits[i];
    }
    return next;
  }
}
