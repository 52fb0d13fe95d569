import { EmployerKind, PlacementType, SECTORS, SUB_SECTORS, Sector, SubSector, VerifiableFlag } from '@stagebank/domain';
import { cellsOf } from './geo-cells';
import { SearchIndexName } from './model';

/** Dutch words for placement types and employer kinds, so "dagbesteding" or "snuffelstage" find them. */
export const TYPE_WORDS: Record<PlacementType, string> = {
  [PlacementType.TASTER]: 'snuffelstage',
  [PlacementType.STAGE]: 'stage',
  [PlacementType.GROUP_STAGE]: 'groepsstage',
  [PlacementType.LEARNING_WORK_PLACE]: 'leerwerkplek',
  [PlacementType.PRAKTIJKLEREN]: 'praktijkleren',
  [PlacementType.DAY_ACTIVITY]: 'dagbesteding',
  [PlacementType.SHELTERED_WORK]: 'beschut werk',
  [PlacementType.PAID_JOB]: 'betaalde baan',
};

export const KIND_WORDS: Record<EmployerKind, string> = {
  [EmployerKind.REGULAR]: '',
  [EmployerKind.SHELTERED_WORKSHOP]: 'beschut werk sw-bedrijf',
  [EmployerKind.DAY_ACTIVITY_CENTRE]: 'dagbesteding',
  [EmployerKind.LEARNING_WORK_COMPANY]: 'leerwerkbedrijf',
  [EmployerKind.SCHOOL_LEARNING_CENTRE]: 'leerwerkcentrum school',
};

export const sectorLabels = (sectors: Sector[]): string[] => sectors.map((s) => SECTORS.get(s)?.nameNl ?? s);
/** Sub-sector tags by their Dutch names, so "tuincentrum" finds a garden centre. */
export const tagLabels = (tags: SubSector[]): string[] => tags.map((t) => SUB_SECTORS.get(t)?.nameNl ?? t);

/** Fields both indexes share: the facet attributes (model.ts FACET_ATTRIBUTE), place and location. */
interface DocumentBase {
  id: string;
  employerId: string;
  employerName: string;
  employerKind: EmployerKind;
  siteId: string;
  siteName: string;
  place: string;
  postcode: string;
  sectors: Sector[];
  sectorLabels: string[];
  /** Sub-sector tags of the placement and its employer (employers: of the employer and its open placements), as matching reads them. */
  tags: SubSector[];
  tagLabels: string[];
  types: PlacementType[];
  audiences: string[];
  keywords: string;
  allowancePaid: boolean;
  borisFlag: boolean;
  sbbRecognised: boolean;
  hasFreeSeat: boolean;
  /** Takes students today (employer neither paused nor stopped; placement period not over). */
  open: boolean;
  /**
   * Flags a coach verified to hold: the site is wheelchair accessible, a supervisor at the site is
   * trained, the placement suits its audiences (employers: any of its open placements).
   */
  verified: VerifiableFlag[];
  /** Epoch milliseconds, for the NEWEST sort. */
  createdAt: number;
  /** The point, returned with each hit for its distance; not indexed as `_geo` (geo-cells.ts says why). */
  _geo: { lat: number; lng: number };
  /** The cells holding the point, one per level (geo-cells.ts): what a radius filters by. */
  cells: string[];
}

export interface PlacementDocument extends DocumentBase {
  title: string;
  description: string;
  tasks: string[];
  /** The school or initiative the placement is reserved for today; null when it is open to all (search-calendar re-indexes it the day after). */
  reservedFor: string | null;
}

/** One per site; `id` is the site id and `employerId` the distinct attribute. */
export interface EmployerDocument extends DocumentBase {
  description: string;
  placementTitles: string[];
}

/** A row of the view search_placement_document (migration SearchOutbox1795620000000). */
export interface PlacementDocumentRow {
  id: string;
  title: string;
  description: string;
  tasks: string[];
  sector: Sector;
  tags: SubSector[];
  type: PlacementType;
  audiences: string[];
  allowance_paid: boolean;
  created_at: Date;
  site_id: string;
  site_name: string;
  place: string;
  postcode: string;
  latitude: number;
  longitude: number;
  employer_id: string;
  employer_name: string;
  employer_kind: EmployerKind;
  boris_flag: boolean;
  sbb_recognised: boolean;
  has_free_seat: boolean;
  open: boolean;
  verified: VerifiableFlag[];
  reserved_for: string | null;
}

/** A row of the view search_employer_document. */
export interface EmployerDocumentRow {
  id: string;
  site_name: string;
  place: string;
  postcode: string;
  latitude: number;
  longitude: number;
  employer_id: string;
  employer_name: string;
  employer_kind: EmployerKind;
  sectors: Sector[];
  tags: SubSector[];
  description: string | null;
  created_at: Date;
  boris_flag: boolean;
  sbb_recognised: boolean;
  open: boolean;
  placement_titles: string[];
  types: PlacementType[];
  audiences: string[];
  allowance_paid: boolean;
  has_free_seat: boolean;
  verified: VerifiableFlag[];
}

export function toPlacementDocument(r: PlacementDocumentRow): PlacementDocument {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    tasks: r.tasks,
    employerId: r.employer_id,
    employerName: r.employer_name,
    employerKind: r.employer_kind,
    siteId: r.site_id,
    siteName: r.site_name,
    place: r.place,
    postcode: r.postcode,
    sectors: [r.sector],
    sectorLabels: sectorLabels([r.sector]),
    tags: [...r.tags].sort(),
    tagLabels: tagLabels([...r.tags].sort()),
    types: [r.type],
    audiences: [...r.audiences].sort(),
    keywords: [TYPE_WORDS[r.type], KIND_WORDS[r.employer_kind]].filter(Boolean).join(' '),
    allowancePaid: r.allowance_paid,
    borisFlag: r.boris_flag,
    sbbRecognised: r.sbb_recognised,
    hasFreeSeat: r.has_free_seat,
    open: r.open,
    verified: [...r.verified].sort(),
    reservedFor: r.reserved_for,
    createdAt: new Date(r.created_at).getTime(),
    _geo: { lat: Number(r.latitude), lng: Number(r.longitude) },
    cells: cellsOf(Number(r.latitude), Number(r.longitude)),
  };
}

export function toEmployerDocument(r: EmployerDocumentRow): EmployerDocument {
  const types = [...r.types].sort();
  return {
    id: r.id,
    description: r.description ?? '',
    placementTitles: [...r.placement_titles].sort(),
    employerId: r.employer_id,
    employerName: r.employer_name,
    employerKind: r.employer_kind,
    siteId: r.id,
    siteName: r.site_name,
    place: r.place,
    postcode: r.postcode,
    sectors: [...r.sectors].sort(),
    sectorLabels: sectorLabels(r.sectors),
    tags: [...r.tags].sort(),
    tagLabels: tagLabels([...r.tags].sort()),
    types,
    audiences: [...r.audiences].sort(),
    keywords: [KIND_WORDS[r.employer_kind], ...types.map((t) => TYPE_WORDS[t])].filter(Boolean).join(' '),
    allowancePaid: r.allowance_paid,
    borisFlag: r.boris_flag,
    sbbRecognised: r.sbb_recognised,
    hasFreeSeat: r.has_free_seat,
    open: r.open,
    verified: [...r.verified].sort(),
    createdAt: new Date(r.created_at).getTime(),
    _geo: { lat: Number(r.latitude), lng: Number(r.longitude) },
    cells: cellsOf(Number(r.latitude), Number(r.longitude)),
  };
}

/** The view each index's documents come from. */
export const DOCUMENT_VIEW: Record<SearchIndexName, string> = {
  [SearchIndexName.PLACEMENTS]: 'search_placement_document',
  [SearchIndexName.EMPLOYERS]: 'search_employer_document',
};

export const toDocument = (index: SearchIndexName, row: PlacementDocumentRow | EmployerDocumentRow): PlacementDocument | EmployerDocument =>
  index === SearchIndexName.PLACEMENTS ? toPlacementDocument(row as PlacementDocumentRow) : toEmployerDocument(row as EmployerDocumentRow);

/**
 * Whether Meilisearch holds `document` as it is: the same fields with the same values, in any
 * order. Numbers agree to a few units in the last place, since Meilisearch's fast float parser can
 * give one back a unit off (3.9034927536231883 as 3.903492753623188), and whole numbers (a
 * timestamp in ms) exactly; a field left undefined is one Meilisearch never stored.
 */
export function sameDocument(held: unknown, document: unknown): boolean {
  if (typeof held === 'number' && typeof document === 'number') {
    return held === document || Math.abs(held - document) <= 4 * Number.EPSILON * Math.max(Math.abs(held), Math.abs(document));
  }
  if (Array.isArray(held) || Array.isArray(document)) {
    return Array.isArray(held) && Array.isArray(document) && held.length === document.length && held.every((v, i) => sameDocument(v, document[i]));
  }
  if (held !== null && document !== null && typeof held === 'object' && typeof document === 'object') {
    const fields = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
    const ours = fields(document);
    const theirs = new Map(fields(held));
    return ours.length === theirs.size && ours.every(([key, value]) => theirs.has(key) && sameDocument(theirs.get(key), value));
  }
  return held === document;
}
