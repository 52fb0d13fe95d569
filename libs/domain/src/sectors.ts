/**
 * Sector taxonomy, after the sectors in the survey of schools and employers and the
 * praktijkverklaring domains. `related` lists close alternatives ("omdenken"): a student
 * who wants to be a gardener may thrive in a garden centre (retail), one who wants care
 * work without the diploma in a care home's restaurant (hospitality).
 */
export enum Sector {
  RETAIL = 'RETAIL',
  CARE_WELFARE = 'CARE_WELFARE',
  TECHNICAL_PRODUCTION = 'TECHNICAL_PRODUCTION',
  LOGISTICS = 'LOGISTICS',
  HOSPITALITY = 'HOSPITALITY',
  BAKERY_FOOD = 'BAKERY_FOOD',
  GOVERNMENT = 'GOVERNMENT',
  FACILITY_SERVICES = 'FACILITY_SERVICES',
  PERSONAL_CARE = 'PERSONAL_CARE',
  RECREATION = 'RECREATION',
  SPORT = 'SPORT',
  TEXTILE_FASHION = 'TEXTILE_FASHION',
  GREEN = 'GREEN',
  CONSTRUCTION_MAINTENANCE = 'CONSTRUCTION_MAINTENANCE',
  ICT = 'ICT',
  ADMINISTRATION = 'ADMINISTRATION',
  MEDIA_DESIGN = 'MEDIA_DESIGN',
  MOBILITY_VEHICLES = 'MOBILITY_VEHICLES',
}

export interface SectorInfo {
  code: Sector;
  nameNl: string;
  nameEn: string;
  related: Sector[];
}

const S = Sector;

const DEFINITIONS: Array<[Sector, string, string, Sector[]]> = [
  [S.RETAIL, 'Detailhandel', 'Retail', [S.LOGISTICS, S.GREEN, S.BAKERY_FOOD, S.TEXTILE_FASHION]],
  [S.CARE_WELFARE, 'Zorg en welzijn', 'Care and welfare', [S.HOSPITALITY, S.FACILITY_SERVICES, S.PERSONAL_CARE, S.SPORT]],
  [S.TECHNICAL_PRODUCTION, 'Techniek en productie', 'Technical and production', [S.CONSTRUCTION_MAINTENANCE, S.MOBILITY_VEHICLES, S.LOGISTICS]],
  [S.LOGISTICS, 'Transport en logistiek', 'Transport and logistics', [S.RETAIL, S.TECHNICAL_PRODUCTION, S.MOBILITY_VEHICLES]],
  [S.HOSPITALITY, 'Horeca', 'Hospitality', [S.BAKERY_FOOD, S.CARE_WELFARE, S.RECREATION, S.FACILITY_SERVICES]],
  [S.BAKERY_FOOD, 'Bakkerij en voeding', 'Bakery and food', [S.HOSPITALITY, S.RETAIL]],
  [S.GOVERNMENT, 'Overheid', 'Government', [S.ADMINISTRATION, S.FACILITY_SERVICES, S.GREEN]],
  [S.FACILITY_SERVICES, 'Facilitaire dienstverlening en schoonmaak', 'Facility services and cleaning', [S.HOSPITALITY, S.CARE_WELFARE, S.GOVERNMENT]],
  [S.PERSONAL_CARE, 'Uiterlijke verzorging', 'Personal care', [S.CARE_WELFARE, S.RETAIL]],
  [S.RECREATION, 'Recreatie', 'Recreation', [S.HOSPITALITY, S.SPORT, S.GREEN]],
  [S.SPORT, 'Sport', 'Sport', [S.RECREATION, S.CARE_WELFARE]],
  [S.TEXTILE_FASHION, 'Textiel en mode', 'Textile and fashion', [S.RETAIL, S.TECHNICAL_PRODUCTION]],
  [S.GREEN, 'Groen, dieren en natuur', 'Green, animals and nature', [S.RETAIL, S.RECREATION, S.GOVERNMENT]],
  [S.CONSTRUCTION_MAINTENANCE, 'Bouw, afbouw, hout en onderhoud', 'Construction, wood and maintenance', [S.TECHNICAL_PRODUCTION, S.FACILITY_SERVICES]],
  [S.ICT, 'ICT', 'ICT', [S.ADMINISTRATION, S.MEDIA_DESIGN]],
  [S.ADMINISTRATION, 'Economie en administratie', 'Economics and administration', [S.ICT, S.GOVERNMENT, S.RETAIL]],
  [S.MEDIA_DESIGN, 'Media en vormgeving', 'Media and design', [S.ICT, S.TEXTILE_FASHION]],
  [S.MOBILITY_VEHICLES, 'Mobiliteit en voertuigen', 'Mobility and vehicles', [S.TECHNICAL_PRODUCTION, S.LOGISTICS]],
];

export const SECTORS: ReadonlyMap<Sector, SectorInfo> = new Map(
  DEFINITIONS.map(([code, nameNl, nameEn, related]) => [code, { code, nameNl, nameEn, related }]),
);

/** Whether `b` is a close alternative for `a` (relations are read in both directions). */
export function areRelatedSectors(a: Sector, b: Sector): boolean {
  return a !== b && (SECTORS.get(a)!.related.includes(b) || SECTORS.get(b)!.related.includes(a));
}
