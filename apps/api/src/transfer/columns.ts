import { Audience, EmployerKind, PlacementType, SECTORS, Sector, SizeClass, SupportLevel } from '@stagebank/domain';
import { ColumnSpec, headerKey } from './csv';

/**
 * The columns of the employer file, import and export alike: one row per placement, or per site
 * without placements. The first header is what the export writes; the others are recognised too.
 */
export const EMPLOYER_COLUMNS = [
  { key: 'name', headers: ['bedrijfsnaam', 'naam', 'werkgever', 'bedrijf', 'name', 'employer'], required: true },
  { key: 'kvk', headers: ['kvk', 'kvk-nummer', 'kvknummer', 'kvk nr', 'kvkNumber'] },
  { key: 'kind', headers: ['soort', 'type bedrijf', 'kind'] },
  { key: 'size', headers: ['grootte', 'size', 'sizeClass'] },
  { key: 'sectors', headers: ['sectoren', 'sector', 'branche', 'sectors'], required: true },
  { key: 'siteName', headers: ['vestiging', 'locatie', 'site'] },
  { key: 'street', headers: ['straat', 'adres', 'street'], required: true },
  { key: 'houseNumber', headers: ['huisnummer', 'nr', 'huisnr', 'houseNumber'], required: true },
  { key: 'postcode', headers: ['postcode', 'postal code', 'zip'], required: true },
  { key: 'place', headers: ['plaats', 'woonplaats', 'place', 'city'], required: true },
  { key: 'latitude', headers: ['breedtegraad', 'lat', 'latitude'] },
  { key: 'longitude', headers: ['lengtegraad', 'lon', 'lng', 'longitude'] },
  { key: 'title', headers: ['stage', 'stageplek', 'functie', 'title', 'placement'] },
  { key: 'placementSector', headers: ['stagesector', 'placement sector'] },
  { key: 'placementType', headers: ['soort stage', 'stagesoort', 'placement type'] },
  { key: 'seats', headers: ['plaatsen', 'aantal plaatsen', 'seats'] },
  { key: 'hours', headers: ['uren per week', 'uren', 'hours per week', 'hoursPerWeek'] },
  { key: 'supervision', headers: ['begeleiding', 'supervision'] },
  { key: 'audiences', headers: ['doelgroep', 'doelgroepen', 'audiences'] },
  { key: 'contactName', headers: ['contactpersoon', 'contact', 'contact name'] },
  { key: 'contactPhone', headers: ['telefoon', 'telefoonnummer', 'tel', 'phone'] },
  { key: 'contactEmail', headers: ['e-mail', 'email', 'mail'] },
] as const satisfies ReadonlyArray<ColumnSpec>;

export type EmployerColumn = (typeof EMPLOYER_COLUMNS)[number]['key'];

export const RECOGNITION_COLUMNS = [
  { key: 'kvk', headers: ['kvk', 'kvk-nummer', 'kvknummer', 'kvkNumber'], required: true },
  { key: 'leerbedrijfId', headers: ['leerbedrijf-id', 'leerbedrijfid', 'leerbedrijf', 'sbb-id', 'leerbedrijfId'], required: true },
  { key: 'crebos', headers: ['crebo', 'crebos', 'crebocodes', 'kwalificaties', 'creboCodes'], required: true },
  { key: 'validFrom', headers: ['geldig vanaf', 'vanaf', 'erkend vanaf', 'validFrom'], required: true },
  { key: 'validUntil', headers: ['geldig tot', 'tot', 'erkend tot', 'validUntil'] },
  { key: 'boris', headers: ['boris', 'boris-kenmerk', 'boriskenmerk'] },
] as const satisfies ReadonlyArray<ColumnSpec>;

export type RecognitionColumn = (typeof RECOGNITION_COLUMNS)[number]['key'];

/** A value parsed from a cell, or the problem with it. */
export type Parsed<T> = { value: T } | { problem: string };

/** Looks a cell's text up among one enum's names; `byKey` and `longestKey` let a list be read in one pass. */
export interface Lookup<T> {
  (text: string): T | undefined;
  /** The value whose name has this `headerKey()`. */
  byKey(key: string): T | undefined;
  /** The length of the longest key: no longer run of a list's parts can name a value. */
  longestKey: number;
}

/** Codes (any case) and the Dutch words schools write, for one enum. */
function lookup<T extends string>(values: Record<string, T>, words: Record<string, T> = {}): Lookup<T> {
  const table = new Map<string, T>();
  for (const value of Object.values(values)) table.set(headerKey(value), value);
  for (const [word, value] of Object.entries(words)) table.set(headerKey(word), value);
  const byKey = (key: string) => table.get(key);
  const longestKey = Math.max(0, ...[...table.keys()].map((key) => key.length));
  return Object.assign((text: string) => byKey(headerKey(text)), { byKey, longestKey });
}

const sectorWords = Object.fromEntries(
  [...SECTORS.values()].flatMap((s) => [
    [s.nameNl, s.code],
    [s.nameEn, s.code],
  ]),
);
/** The short words schools use for a sector in their own lists. */
const SECTOR_SHORT_WORDS: Record<string, Sector> = {
  winkel: Sector.RETAIL,
  zorg: Sector.CARE_WELFARE,
  welzijn: Sector.CARE_WELFARE,
  techniek: Sector.TECHNICAL_PRODUCTION,
  productie: Sector.TECHNICAL_PRODUCTION,
  logistiek: Sector.LOGISTICS,
  transport: Sector.LOGISTICS,
  bakkerij: Sector.BAKERY_FOOD,
  voeding: Sector.BAKERY_FOOD,
  facilitair: Sector.FACILITY_SERVICES,
  schoonmaak: Sector.FACILITY_SERVICES,
  kapper: Sector.PERSONAL_CARE,
  groen: Sector.GREEN,
  dieren: Sector.GREEN,
  bouw: Sector.CONSTRUCTION_MAINTENANCE,
  onderhoud: Sector.CONSTRUCTION_MAINTENANCE,
  administratie: Sector.ADMINISTRATION,
  mode: Sector.TEXTILE_FASHION,
  media: Sector.MEDIA_DESIGN,
  voertuigen: Sector.MOBILITY_VEHICLES,
};
export const sectorOf = lookup(Sector, { ...sectorWords, ...SECTOR_SHORT_WORDS });
export const kindOf = lookup(EmployerKind, {
  regulier: EmployerKind.REGULAR,
  'beschut werk': EmployerKind.SHELTERED_WORKSHOP,
  'sw-bedrijf': EmployerKind.SHELTERED_WORKSHOP,
  dagbesteding: EmployerKind.DAY_ACTIVITY_CENTRE,
  leerwerkbedrijf: EmployerKind.LEARNING_WORK_COMPANY,
  leerlingbedrijf: EmployerKind.SCHOOL_LEARNING_CENTRE,
});
export const sizeOf = lookup(SizeClass, { klein: SizeClass.SMALL, middel: SizeClass.MEDIUM, middelgroot: SizeClass.MEDIUM, groot: SizeClass.LARGE });
export const placementTypeOf = lookup(PlacementType, {
  snuffelstage: PlacementType.TASTER,
  stage: PlacementType.STAGE,
  groepsstage: PlacementType.GROUP_STAGE,
  leerwerkplek: PlacementType.LEARNING_WORK_PLACE,
  praktijkleren: PlacementType.PRAKTIJKLEREN,
  dagbesteding: PlacementType.DAY_ACTIVITY,
});
export const supportOf = lookup(SupportLevel, {
  licht: SupportLevel.LIGHT,
  gemiddeld: SupportLevel.MODERATE,
  matig: SupportLevel.MODERATE,
  intensief: SupportLevel.INTENSIVE,
});
export const audienceOf = lookup(Audience);

/**
 * "Horeca, Logistiek" or "RETAIL|LOGISTICS": a list of one enum, each item known. Names may hold
 * commas themselves ("Groen, dieren en natuur"), so the longest run of parts that names a value wins.
 *
 * One pass: a run's key is its parts' keys end to end (`headerKey` keeps only letters and digits,
 * each character on its own, so the separators between parts never count), and a run whose key is
 * longer than the longest name cannot name anything. So from each part only the next few parts
 * with letters or digits are tried, and a stretch of parts without any ("-", "&") is crossed in one
 * step. Trying every run of every length instead made a 2 KB cell take seconds (cubic).
 */
export function listOf<T>(text: string, one: Lookup<T>, what: string): Parsed<T[]> {
  const parts = text
    .split(/[,|/;+]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const keys = parts.map(headerKey);
  // filled[k]: the first part from k on whose key is not empty (parts.length if none).
  const filled = new Array<number>(parts.length + 1);
  filled[parts.length] = parts.length;
  for (let k = parts.length - 1; k >= 0; k--) filled[k] = keys[k] ? k : filled[k + 1];
  const values: T[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < parts.length;) {
    let key = '';
    let end = -1;
    let found: T | undefined;
    // Runs from i that end just before the next part with a key of its own are the longest with their key.
    for (let k = filled[i]; k < parts.length;) {
      key += keys[k];
      if (key.length > one.longestKey) break;
      const next = filled[k + 1];
      const value = one.byKey(key);
      if (value !== undefined) {
        found = value;
        end = next;
      }
      k = next;
    }
    if (end < 0) unknown.push(parts[i++]);
    else {
      values.push(found!);
      i = end;
    }
  }
  if (unknown.length > 0) return { problem: `unknown ${what}: ${unknown.map((u) => `"${u}"`).join(', ')}` };
  return { value: [...new Set(values)] };
}

/** Numbers as Dutch Excel writes them too ("52,37"). */
export function numberOf(text: string): number | undefined {
  const n = Number(text.replace(',', '.'));
  return text === '' || !Number.isFinite(n) ? undefined : n;
}

/** 2026-08-01, 1-8-2026 or 01-08-2026: a real calendar day, as YYYY-MM-DD. */
export function dateOf(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dutch ? [dutch[3], dutch[2], dutch[1]] : null;
  if (!parts) return undefined;
  const [y, m, d] = parts;
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

/** KvK numbers as written in spreadsheets: "1234 5678", "12.345.678", or with its leading zero lost. */
export function kvkOf(text: string): string | undefined {
  const digits = text.replace(/[\s.]/g, '');
  if (/^\d{7}$/.test(digits)) return `0${digits}`;
  return /^\d{8}$/.test(digits) ? digits : undefined;
}
