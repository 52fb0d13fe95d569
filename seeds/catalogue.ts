import { Certificate, Sector, SubSector } from '@stagebank/domain';

export interface PlacementTemplate {
  title: string;
  tasks: string[];
  sector?: Sector;
  customerContact?: boolean;
  quiet?: boolean;
  weekend?: boolean;
  certificates?: Certificate[];
  crebo?: string;
  werkprocessen?: string[];
  /** The employer names (of the sector's employerNames) that offer it; absent: all of them. */
  at?: string[];
  /** Sub-sector tags of the placement itself (the care home's restaurant). */
  tags?: SubSector[];
}

export interface SectorTemplate {
  sector: Sector;
  /** Relative number of employers, after the survey of 30 schools and 37 employers. */
  weight: number;
  employerNames: string[];
  /** Sub-sector tags of an employer by its name (a garden centre is retail, but green's close alternative). */
  employerTags?: Record<string, SubSector[]>;
  placements: PlacementTemplate[];
}

const S = Sector;

/** Demo catalogue: what employers in each sector are called and which placements they offer. */
export const CATALOGUE: SectorTemplate[] = [
  {
    sector: S.RETAIL,
    weight: 6,
    employerNames: ['Supermarkt', 'Bouwmarkt', 'Kringloopwinkel', 'Drogisterij', 'Dierenspeciaalzaak'],
    employerTags: {
      Bouwmarkt: [SubSector.DIY_STORE],
      Kringloopwinkel: [SubSector.SECOND_HAND_SHOP],
      Drogisterij: [SubSector.HAIR_AND_BEAUTY_SHOP],
      Dierenspeciaalzaak: [SubSector.PET_SHOP],
    },
    placements: [
      {
        title: 'Vakkenvuller',
        tasks: ['vakken vullen', 'spiegelen', 'voorraad tellen'],
        customerContact: true,
        weekend: true,
        at: ['Supermarkt', 'Bouwmarkt', 'Drogisterij', 'Dierenspeciaalzaak'],
      },
      { title: 'Medewerker kringloop', tasks: ['sorteren', 'prijzen', 'winkel inrichten'], customerContact: true, at: ['Kringloopwinkel'] },
      { title: 'Medewerker kassa en winkel', tasks: ['kassa', 'klanten helpen', 'vakken vullen'], customerContact: true, weekend: true },
    ],
  },
  {
    sector: S.CARE_WELFARE,
    weight: 6,
    employerNames: ['Woonzorgcentrum', 'Zorgcentrum', 'Kinderdagverblijf', 'Zorgboerderij'],
    employerTags: { Kinderdagverblijf: [SubSector.CHILDCARE], Zorgboerderij: [SubSector.PETTING_FARM] },
    placements: [
      {
        title: 'Helpende zorg en welzijn',
        tasks: ['bewoners begeleiden', 'activiteiten', 'koffie schenken'],
        customerContact: true,
        crebo: '25251',
        werkprocessen: ['B1-K1-W1 Biedt ondersteuning bij wonen', 'B1-K1-W3 Ondersteunt bij activiteiten'],
        at: ['Woonzorgcentrum', 'Zorgcentrum', 'Zorgboerderij'],
      },
      {
        title: 'Medewerker restaurant zorgcentrum',
        sector: S.HOSPITALITY,
        tasks: ['tafels dekken', 'maaltijden rondbrengen', 'afwassen', 'bewoners helpen'],
        customerContact: true,
        at: ['Woonzorgcentrum', 'Zorgcentrum'],
        tags: [SubSector.CARE_HOME_RESTAURANT],
      },
      { title: 'Assistent kinderopvang', tasks: ['spelen met kinderen', 'fruit klaarmaken', 'opruimen'], customerContact: true, at: ['Kinderdagverblijf'] },
    ],
  },
  {
    sector: S.TECHNICAL_PRODUCTION,
    weight: 5,
    employerNames: ['Metaalbewerking', 'Installatiebedrijf', 'Productiebedrijf', 'Verpakkingsbedrijf'],
    placements: [
      // An installer installs: it has no production line or packing department.
      {
        title: 'Assistent productie',
        tasks: ['inpakken', 'machine bedienen', 'kwaliteitscontrole'],
        quiet: false,
        at: ['Metaalbewerking', 'Productiebedrijf', 'Verpakkingsbedrijf'],
      },
      {
        title: 'Assistent installatietechniek',
        tasks: ['materiaal klaarzetten', 'leidingen zagen', 'opruimen'],
        certificates: [Certificate.VCA],
        crebo: '25253',
        werkprocessen: ['B1-K1-W1 Bereidt werkzaamheden voor', 'B1-K1-W2 Voert eenvoudige installatiewerkzaamheden uit'],
        at: ['Installatiebedrijf'],
      },
      {
        title: 'Medewerker inpakafdeling',
        tasks: ['dozen vouwen', 'producten inpakken', 'etiketten plakken'],
        quiet: true,
        at: ['Productiebedrijf', 'Verpakkingsbedrijf'],
      },
    ],
  },
  {
    sector: S.LOGISTICS,
    weight: 4,
    employerNames: ['Distributiecentrum', 'Transportbedrijf', 'Logistiek Centrum'],
    placements: [
      {
        title: 'Magazijnmedewerker',
        tasks: ['orderpicken', 'inpakken', 'voorraad tellen'],
        crebo: '25254',
        werkprocessen: ['B1-K1-W1 Ontvangt goederen', 'B1-K1-W2 Slaat goederen op', 'B1-K1-W3 Verzamelt goederen'],
      },
      {
        title: 'Logistiek medewerker heftruck',
        tasks: ['heftruck rijden', 'laden en lossen', 'pallets stapelen'],
        certificates: [Certificate.FORKLIFT],
        crebo: '25371',
      },
      { title: 'Medewerker expeditie', tasks: ['pakketten sorteren', 'scannen', 'klaarzetten voor transport'], quiet: true },
    ],
  },
  {
    sector: S.HOSPITALITY,
    weight: 3,
    employerNames: ['Eetcafé', 'Restaurant', 'Hotel', 'Lunchroom'],
    placements: [
      { title: 'Medewerker keuken', tasks: ['afwassen', 'groenten snijden', 'broodjes maken'], weekend: true },
      { title: 'Medewerker bediening', tasks: ['tafels dekken', 'bestellingen opnemen', 'afruimen'], customerContact: true, weekend: true },
      { title: 'Medewerker housekeeping', tasks: ['kamers schoonmaken', 'bedden opmaken', 'linnen sorteren'], quiet: true, at: ['Hotel'] },
    ],
  },
  {
    sector: S.BAKERY_FOOD,
    weight: 2,
    employerNames: ['Bakkerij', 'Banketbakkerij'],
    placements: [
      { title: 'Medewerker bakkerij', tasks: ['deeg afwegen', 'brood bakken', 'brood inpakken'], certificates: [Certificate.HACCP] },
      { title: 'Verkoper bakkerijwinkel', tasks: ['klanten helpen', 'brood snijden', 'kassa'], customerContact: true, weekend: true },
    ],
  },
  {
    sector: S.GOVERNMENT,
    weight: 2,
    employerNames: ['Gemeentewerf', 'Milieustraat'],
    employerTags: { Gemeentewerf: [SubSector.PUBLIC_GREEN] },
    placements: [
      { title: 'Medewerker gemeentewerf', tasks: ['groenonderhoud', 'zwerfvuil prikken', 'magazijn'], at: ['Gemeentewerf'] },
      { title: 'Medewerker milieustraat', tasks: ['afval scheiden', 'bezoekers wijzen', 'terrein vegen'], customerContact: true, at: ['Milieustraat'] },
    ],
  },
  {
    sector: S.FACILITY_SERVICES,
    weight: 2,
    employerNames: ['Schoonmaakbedrijf', 'Facilitair Bedrijf'],
    placements: [
      { title: 'Schoonmaakmedewerker', tasks: ['kantoren schoonmaken', 'sanitair', 'afval scheiden'], quiet: true, certificates: [Certificate.BASIC_CLEANING] },
      { title: 'Medewerker facilitaire dienst', tasks: ['vergaderzalen klaarzetten', 'post rondbrengen', 'koffie bijvullen'] },
    ],
  },
  {
    sector: S.PERSONAL_CARE,
    weight: 1,
    employerNames: ['Kapsalon'],
    placements: [{ title: 'Assistent kapsalon', tasks: ['haren wassen', 'salon schoonhouden', 'klanten ontvangen'], customerContact: true }],
  },
  {
    sector: S.RECREATION,
    weight: 1,
    employerNames: ['Camping', 'Recreatiepark', 'Zwembad'],
    placements: [
      { title: 'Medewerker recreatiepark', tasks: ['terreinonderhoud', 'schoonmaak', 'receptie'], weekend: true, at: ['Camping', 'Recreatiepark'] },
      { title: 'Medewerker zwembad', tasks: ['kleedkamers schoonmaken', 'materiaal klaarzetten', 'kassa'], weekend: true, at: ['Zwembad'] },
    ],
  },
  {
    sector: S.SPORT,
    weight: 1,
    employerNames: ['Sportcentrum', 'Sportschool'],
    placements: [
      { title: 'Medewerker sportcentrum', tasks: ['materiaal klaarzetten', 'kantine', 'schoonmaak'], customerContact: true, tags: [SubSector.SPORTS_CANTEEN] },
    ],
  },
  {
    sector: S.TEXTILE_FASHION,
    weight: 1,
    employerNames: ['Naaiatelier', 'Textielwerkplaats'],
    placements: [{ title: 'Medewerker naaiatelier', tasks: ['stoffen knippen', 'naaimachine', 'strijken'], quiet: true }],
  },
  {
    sector: S.GREEN,
    weight: 3,
    employerNames: ['Hoveniersbedrijf', 'Tuincentrum', 'Kinderboerderij', 'Kwekerij'],
    employerTags: { Tuincentrum: [SubSector.GARDEN_CENTRE], Kinderboerderij: [SubSector.PETTING_FARM] },
    placements: [
      { title: 'Hovenier', tasks: ['snoeien', 'maaien', 'bestrating'], at: ['Hoveniersbedrijf', 'Kwekerij'] },
      {
        title: 'Medewerker tuincentrum',
        sector: S.RETAIL,
        tasks: ['planten water geven', 'vakken vullen', 'klanten helpen'],
        customerContact: true,
        weekend: true,
        at: ['Tuincentrum', 'Kwekerij'],
        tags: [SubSector.GARDEN_CENTRE],
      },
      { title: 'Dierverzorger', tasks: ['dieren voeren', 'hokken schoonmaken', 'bezoekers helpen'], quiet: true, at: ['Kinderboerderij'] },
    ],
  },
  {
    sector: S.CONSTRUCTION_MAINTENANCE,
    weight: 2,
    employerNames: ['Bouwbedrijf', 'Timmerfabriek', 'Schildersbedrijf'],
    placements: [
      { title: 'Assistent timmerman', tasks: ['zagen', 'schuren', 'opruimen'], certificates: [Certificate.VCA], at: ['Bouwbedrijf', 'Timmerfabriek'] },
      { title: 'Assistent schilder', tasks: ['schuren', 'afplakken', 'gronden'], certificates: [Certificate.VCA], at: ['Bouwbedrijf', 'Schildersbedrijf'] },
    ],
  },
  {
    sector: S.ICT,
    weight: 1,
    employerNames: ['Computerwerkplaats', 'ICT-bedrijf'],
    placements: [{ title: 'Medewerker ICT-werkplaats', tasks: ['computers schoonmaken', 'data wissen', 'kabels sorteren'], quiet: true }],
  },
  {
    sector: S.ADMINISTRATION,
    weight: 1,
    employerNames: ['Administratiekantoor'],
    placements: [{ title: 'Medewerker postkamer', tasks: ['post sorteren', 'scannen', 'archiveren'], quiet: true }],
  },
  {
    sector: S.MEDIA_DESIGN,
    weight: 1,
    employerNames: ['Drukkerij'],
    placements: [{ title: 'Assistent drukkerij', tasks: ['papier snijden', 'drukwerk inpakken', 'machine bijvullen'] }],
  },
  {
    sector: S.MOBILITY_VEHICLES,
    weight: 2,
    employerNames: ['Fietsenmaker', 'Autobedrijf', 'Garage'],
    employerTags: { Fietsenmaker: [SubSector.BIKE_SHOP] },
    placements: [
      { title: 'Assistent fietsenmaker', tasks: ['banden plakken', 'fietsen poetsen', 'onderdelen sorteren'], customerContact: true, at: ['Fietsenmaker'] },
      { title: 'Assistent garage', tasks: ['auto wassen', 'banden wisselen', 'werkplaats opruimen'], at: ['Autobedrijf', 'Garage'] },
    ],
  },
];
