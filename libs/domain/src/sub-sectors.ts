import { Sector } from './sectors';

/**
 * Finer grain than whole sectors, for close alternatives ("omdenken"): a garden centre is retail,
 * but for a would-be gardener it is the green alternative, where a supermarket is not. Placements
 * and employers carry these tags; each names the sectors it is a close alternative for.
 */
export enum SubSector {
  GARDEN_CENTRE = 'GARDEN_CENTRE',
  FLORIST = 'FLORIST',
  PET_SHOP = 'PET_SHOP',
  PETTING_FARM = 'PETTING_FARM',
  PUBLIC_GREEN = 'PUBLIC_GREEN',
  IN_STORE_BAKERY = 'IN_STORE_BAKERY',
  CARE_HOME_RESTAURANT = 'CARE_HOME_RESTAURANT',
  CARE_HOME_FACILITIES = 'CARE_HOME_FACILITIES',
  CHILDCARE = 'CHILDCARE',
  SPORTS_CANTEEN = 'SPORTS_CANTEEN',
  BIKE_SHOP = 'BIKE_SHOP',
  DIY_STORE = 'DIY_STORE',
  WEBSHOP_WAREHOUSE = 'WEBSHOP_WAREHOUSE',
  SECOND_HAND_SHOP = 'SECOND_HAND_SHOP',
  HAIR_AND_BEAUTY_SHOP = 'HAIR_AND_BEAUTY_SHOP',
  CATERING = 'CATERING',
}

export interface SubSectorInfo {
  code: SubSector;
  nameNl: string;
  nameEn: string;
  /** The sectors a student may prefer for which this is a close alternative. */
  alternativeFor: Sector[];
}

const S = Sector;
const DEFINITIONS: Array<[SubSector, string, string, Sector[]]> = [
  [SubSector.GARDEN_CENTRE, 'Tuincentrum', 'Garden centre', [S.GREEN]],
  [SubSector.FLORIST, 'Bloemenwinkel', 'Florist', [S.GREEN]],
  [SubSector.PET_SHOP, 'Dierenwinkel', 'Pet shop', [S.GREEN]],
  [SubSector.PETTING_FARM, 'Kinderboerderij', 'Petting farm', [S.GREEN, S.CARE_WELFARE]],
  [SubSector.PUBLIC_GREEN, 'Groenonderhoud', 'Public green maintenance', [S.GREEN]],
  [SubSector.IN_STORE_BAKERY, 'Bakkerijafdeling', 'In-store bakery', [S.BAKERY_FOOD]],
  [SubSector.CARE_HOME_RESTAURANT, 'Restaurant in een zorgcentrum', 'Care home restaurant', [S.CARE_WELFARE]],
  [SubSector.CARE_HOME_FACILITIES, 'Facilitaire dienst van een zorgcentrum', 'Care home facilities', [S.CARE_WELFARE]],
  [SubSector.CHILDCARE, 'Kinderopvang', 'Childcare', [S.CARE_WELFARE]],
  [SubSector.SPORTS_CANTEEN, 'Sportkantine', 'Sports canteen', [S.SPORT]],
  [SubSector.BIKE_SHOP, 'Fietsenwinkel', 'Bike shop', [S.MOBILITY_VEHICLES]],
  [SubSector.DIY_STORE, 'Bouwmarkt', 'DIY store', [S.CONSTRUCTION_MAINTENANCE]],
  [SubSector.WEBSHOP_WAREHOUSE, 'Magazijn van een webwinkel', 'Webshop warehouse', [S.RETAIL]],
  [SubSector.SECOND_HAND_SHOP, 'Kringloopwinkel', 'Second-hand shop', [S.TECHNICAL_PRODUCTION, S.LOGISTICS]],
  [SubSector.HAIR_AND_BEAUTY_SHOP, 'Drogisterij en verzorgingsproducten', 'Hair and beauty shop', [S.PERSONAL_CARE]],
  [SubSector.CATERING, 'Bedrijfscatering', 'Catering', [S.BAKERY_FOOD]],
];

export const SUB_SECTORS: ReadonlyMap<SubSector, SubSectorInfo> = new Map(
  DEFINITIONS.map(([code, nameNl, nameEn, alternativeFor]) => [code, { code, nameNl, nameEn, alternativeFor }]),
);

/** The first of `tags` that is a close alternative for `sector`, or null. */
export function alternativeTagFor(sector: Sector, tags: readonly SubSector[]): SubSector | null {
  for (const tag of tags) if (SUB_SECTORS.get(tag)?.alternativeFor.includes(sector)) return tag;
  return null;
}
