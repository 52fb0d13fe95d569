import {
  Audience,
  Certificate,
  ExitProfile,
  InternshipStatus,
  PaidJobChance,
  PlacementType,
  Sector,
  StudentConstraint,
  SupportLevel,
  TravelMode,
  Weekday,
} from '@stagebank/domain';
import { Scenario } from './world';

const S = Sector;
const active = (startDate: string, endDate: string) => ({ startDate, endDate, status: InternshipStatus.ACTIVE });
/** `count` experiences of PrO schools about the employer in general, each rated `mean` on average. */
const proSchools = (count: number, mean: number) => ({ audience: Audience.PRO, supportNeed: null, count, sum: count * mean });
const recognised = (...crebos: string[]) => [{ crebos, validFrom: '2024-01-01', validUntil: null }];

/**
 * Coordinator scenarios drawn from /work/shared/DOMAIN.md: first choices honoured where they can be,
 * close alternatives ("omdenken") where not, hard limits never broken, and the weighed criteria as
 * the reports describe them. Distances are km east of the student's home in Oss.
 */
export const SCENARIOS: Scenario[] = [
  {
    id: 'gardener-garden-centre',
    story: 'A PrO student wants to be a gardener; no green placement has a seat, but a garden centre and a supermarket (both retail) do.',
    why: 'Omdenken: the garden centre is the close alternative to gardening; the supermarket is only retail. The bakery is further from green still.',
    student: { sectorPreferences: [S.GREEN], interests: ['tuinieren'] },
    placements: [
      { key: 'Vakkenvuller supermarkt', km: 1.5, sector: S.RETAIL, tasks: ['vakken vullen', 'spiegelen'] },
      { key: 'Medewerker tuincentrum', km: 4, sector: S.RETAIL, tasks: ['planten verzorgen', 'klanten helpen'], tags: ['GARDEN_CENTRE'] },
      { key: 'Medewerker bakkerij', km: 2, sector: S.BAKERY_FOOD, tasks: ['brood snijden'] },
    ],
    order: ['Medewerker tuincentrum', 'Vakkenvuller supermarkt'],
  },
  {
    id: 'gardener-municipal-green',
    story: 'A would-be gardener; the municipality offers both its green maintenance team and an office post.',
    why: 'The green maintenance team is gardening work in the municipality; the office post is not what the student is after.',
    student: { sectorPreferences: [S.GREEN], interests: ['buiten werken'] },
    placements: [
      { key: 'Medewerker postkamer gemeente', km: 2, sector: S.GOVERNMENT, tasks: ['post sorteren'] },
      { key: 'Medewerker buitendienst gemeente', km: 5, sector: S.GOVERNMENT, tasks: ['plantsoenen onderhouden', 'onkruid wieden'], tags: ['PUBLIC_GREEN'] },
      { key: 'Productiemedewerker', km: 1, sector: S.TECHNICAL_PRODUCTION, tasks: ['inpakken'] },
    ],
    order: ['Medewerker buitendienst gemeente', 'Medewerker postkamer gemeente'],
  },
  {
    id: 'care-without-diploma',
    story: 'A VSO student wants care work but has no diploma; the care home has a restaurant.',
    why: "The care job needs what the student lacks; the care home's restaurant is the report's own example of the alternative.",
    student: { audience: Audience.VSO, sectorPreferences: [S.CARE_WELFARE], interests: ['mensen helpen'] },
    placements: [
      { key: 'Helpende zorg', km: 2, sector: S.CARE_WELFARE, requiredCertificates: [Certificate.BHV] },
      {
        key: 'Medewerker restaurant zorgcentrum',
        km: 4,
        sector: S.HOSPITALITY,
        employerSectors: [S.CARE_WELFARE, S.HOSPITALITY],
        tasks: ['tafels dekken', 'bewoners helpen'],
        tags: ['CARE_HOME_RESTAURANT'],
      },
      { key: 'Medewerker bediening', km: 3, sector: S.HOSPITALITY, tasks: ['koffie schenken'] },
      { key: 'Magazijnmedewerker', km: 1, sector: S.LOGISTICS, tasks: ['orderpicken'] },
    ],
    order: ['Medewerker restaurant zorgcentrum', 'Medewerker bediening', 'Magazijnmedewerker'],
  },
  {
    id: 'animals-compound',
    story: 'A student with no sector preference says only "dieren".',
    why: 'The petting farm is animal care (dierverzorging); the supermarket nearby has nothing to do with animals.',
    student: { interests: ['dieren'] },
    placements: [
      { key: 'Vakkenvuller', km: 1, sector: S.RETAIL, tasks: ['vakken vullen'] },
      { key: 'Medewerker kinderboerderij', km: 5, sector: S.GREEN, tasks: ['dierverzorging', 'stallen uitmesten'] },
      { key: 'Medewerker wasserij', km: 2, sector: S.FACILITY_SERVICES, tasks: ['was vouwen'] },
    ],
    order: ['Medewerker kinderboerderij', 'Vakkenvuller', 'Medewerker wasserij'],
  },
  {
    id: 'cleaning-inflection',
    story: 'A student likes "schoonmaken"; the placements say "schoonmaak".',
    why: 'The cleaning post is what the student asked for; the canteen is nearer but about washing up and serving.',
    student: { interests: ['schoonmaken'] },
    placements: [
      { key: 'Medewerker kantine', km: 2, sector: S.HOSPITALITY, tasks: ['broodjes smeren', 'afwassen'] },
      { key: 'Medewerker schoonmaak', km: 6, sector: S.FACILITY_SERVICES, tasks: ['kantoren stofzuigen'] },
      { key: 'Orderpicker', km: 3, sector: S.LOGISTICS, tasks: ['orders verzamelen'] },
    ],
    order: ['Medewerker schoonmaak', 'Medewerker kantine', 'Orderpicker'],
  },
  {
    id: 'cooking-kitchen',
    story: 'A student wants to cook ("koken"); one placement is kitchen help.',
    why: 'Kitchen help is cooking work; the warehouse and the shop are not.',
    student: { interests: ['koken'] },
    placements: [
      { key: 'Vakkenvuller', km: 1.5, sector: S.RETAIL, tasks: ['vakken vullen'] },
      { key: 'Hulp in de keuken', km: 5, sector: S.HOSPITALITY, tasks: ['groente snijden', 'afwassen'] },
      { key: 'Magazijnmedewerker', km: 2.5, sector: S.LOGISTICS, tasks: ['dozen stapelen'] },
    ],
    order: ['Hulp in de keuken', 'Vakkenvuller', 'Magazijnmedewerker'],
  },
  {
    id: 'common-word-no-false-hit',
    story: 'A student wants "werken met dieren"; a nearer warehouse says "werken met de heftruck".',
    why: 'Sharing "werken met" is no overlap of interest; the kennel is animal work.',
    student: { interests: ['werken met dieren'] },
    placements: [
      { key: 'Magazijnmedewerker', km: 1.5, sector: S.LOGISTICS, tasks: ['werken met de heftruck'] },
      { key: 'Medewerker dierenpension', km: 6, sector: S.GREEN, tasks: ['hokken schoonmaken', 'honden uitlaten'] },
    ],
    order: ['Medewerker dierenpension', 'Magazijnmedewerker'],
  },
  {
    id: 'bike-repair-compound',
    story: 'A student loves "fietsen repareren"; the bike shop and a car garage both take students.',
    why: 'Bike repair is the interest; the garage is the same sector but other work.',
    student: { sectorPreferences: [S.MOBILITY_VEHICLES], interests: ['fietsen repareren'] },
    placements: [
      { key: 'Medewerker autobedrijf', km: 2, sector: S.MOBILITY_VEHICLES, tasks: ['banden wisselen', 'auto wassen'] },
      { key: 'Medewerker fietsenmaker', km: 5, sector: S.MOBILITY_VEHICLES, tasks: ['banden plakken'] },
    ],
    order: ['Medewerker fietsenmaker', 'Medewerker autobedrijf'],
  },
  {
    id: 'carpentry-compound',
    story: 'A student wants to "timmeren"; a carpentry workshop and a production line are open.',
    why: 'The carpentry workshop (timmerwerkplaats) is the interest itself.',
    student: { interests: ['timmeren'] },
    placements: [
      { key: 'Productiemedewerker', km: 2, sector: S.TECHNICAL_PRODUCTION, tasks: ['inpakken', 'machine bijvullen'] },
      { key: 'Medewerker timmerwerkplaats', km: 6, sector: S.CONSTRUCTION_MAINTENANCE, tasks: ['zagen', 'schuren'] },
    ],
    order: ['Medewerker timmerwerkplaats', 'Productiemedewerker'],
  },
  {
    id: 'baking-bakery',
    story: 'A student likes "bakken"; a bakery and a lunchroom are open.',
    why: 'The bakery is baking work; the lunchroom is serving.',
    student: { interests: ['bakken'] },
    placements: [
      { key: 'Medewerker lunchroom', km: 2, sector: S.HOSPITALITY, tasks: ['tafels afruimen'] },
      { key: 'Medewerker bakkerij', km: 5, sector: S.BAKERY_FOOD, tasks: ['deeg kneden', 'winkel bijvullen'] },
    ],
    order: ['Medewerker bakkerij', 'Medewerker lunchroom'],
  },
  {
    id: 'bakery-in-supermarket',
    story: 'A student wants the bakery sector; two shops are open, one with an in-store bakery.',
    why: "The supermarket's bakery department is the close alternative; the clothes shop is only retail.",
    student: { sectorPreferences: [S.BAKERY_FOOD] },
    placements: [
      { key: 'Verkoper kledingwinkel', km: 2, sector: S.RETAIL, tasks: ['kleding vouwen'] },
      { key: 'Medewerker supermarkt', km: 4, sector: S.RETAIL, tasks: ['afbakken', 'brood snijden'], tags: ['IN_STORE_BAKERY'] },
    ],
    order: ['Medewerker supermarkt', 'Verkoper kledingwinkel'],
  },
  {
    id: 'animal-shop-for-animal-lover',
    story: 'A student wants green/animal work; a pet shop (retail) and a hardware store (retail) are open.',
    why: 'The pet shop is the close alternative for animal work.',
    student: { sectorPreferences: [S.GREEN] },
    placements: [
      { key: 'Medewerker bouwmarkt', km: 2, sector: S.RETAIL, tasks: ['schappen vullen'] },
      { key: 'Medewerker dierenwinkel', km: 4.5, sector: S.RETAIL, tasks: ['dieren voeren', 'kooien schoonmaken'], tags: ['PET_SHOP'] },
    ],
    order: ['Medewerker dierenwinkel', 'Medewerker bouwmarkt'],
  },
  {
    id: 'first-choice-over-distance',
    story: 'A student wants warehouse work; a supermarket is around the corner, a warehouse 8 km away by bike.',
    why: 'First choices are honoured when they can be (24 of 30 schools): the reachable warehouse comes first.',
    student: { sectorPreferences: [S.LOGISTICS], maxTravelKm: 10 },
    placements: [
      { key: 'Vakkenvuller', km: 1, sector: S.RETAIL },
      { key: 'Magazijnmedewerker', km: 8, sector: S.LOGISTICS },
    ],
    order: ['Magazijnmedewerker', 'Vakkenvuller'],
  },
  {
    id: 'second-choice-ranked',
    story: 'Hospitality first, logistics second.',
    why: 'The first choice before the second, when both are within reach.',
    student: { sectorPreferences: [S.HOSPITALITY, S.LOGISTICS] },
    placements: [
      { key: 'Magazijnmedewerker', km: 2, sector: S.LOGISTICS },
      { key: 'Medewerker bediening', km: 5, sector: S.HOSPITALITY },
      { key: 'Medewerker kapsalon', km: 1, sector: S.PERSONAL_CARE },
    ],
    order: ['Medewerker bediening', 'Magazijnmedewerker', 'Medewerker kapsalon'],
  },
  {
    id: 'walking-radius',
    story: 'A student who can only walk 3 km.',
    why: 'Reachable is a hard limit: the far one is not proposed at all.',
    student: { travelMode: TravelMode.WALK, maxTravelKm: 3, sectorPreferences: [S.RETAIL] },
    placements: [
      { key: 'Vakkenvuller ver', km: 5, sector: S.RETAIL },
      { key: 'Vakkenvuller dichtbij', km: 2, sector: S.RETAIL },
    ],
    order: ['Vakkenvuller dichtbij'],
  },
  {
    id: 'wheelchair',
    story: 'A VSO student in a wheelchair.',
    why: 'An inaccessible site is never proposed, however near.',
    student: { audience: Audience.VSO, constraints: [StudentConstraint.WHEELCHAIR], sectorPreferences: [S.ADMINISTRATION] },
    placements: [
      { key: 'Administratief medewerker trap op', km: 1, sector: S.ADMINISTRATION, wheelchairAccessible: false },
      { key: 'Administratief medewerker gelijkvloers', km: 4, sector: S.ADMINISTRATION },
    ],
    order: ['Administratief medewerker gelijkvloers'],
  },
  {
    id: 'no-weekends',
    story: 'A student who cannot work weekends (family care).',
    why: 'Weekend work is a hard limit for this student.',
    student: { constraints: [StudentConstraint.NO_WEEKENDS], sectorPreferences: [S.HOSPITALITY] },
    placements: [
      { key: 'Medewerker snackbar', km: 1, sector: S.HOSPITALITY, weekendWork: true },
      { key: 'Medewerker bedrijfsrestaurant', km: 5, sector: S.HOSPITALITY },
    ],
    order: ['Medewerker bedrijfsrestaurant'],
  },
  {
    id: 'quiet-workplace',
    story: 'A VSO cluster-4 student who needs a quiet (low-stimulus) place.',
    why: 'A busy shop floor is ruled out; the quiet archive is proposed.',
    student: { audience: Audience.VSO, constraints: [StudentConstraint.QUIET_WORKPLACE] },
    placements: [
      { key: 'Medewerker drukke winkel', km: 1, sector: S.RETAIL },
      { key: 'Medewerker archief', km: 6, sector: S.ADMINISTRATION, quietWorkplace: true },
    ],
    order: ['Medewerker archief'],
  },
  {
    id: 'no-customer-contact',
    story: 'A student who should not deal with customers yet.',
    why: 'Customer contact is ruled out; back-office work is proposed.',
    student: { constraints: [StudentConstraint.NO_CUSTOMER_CONTACT], sectorPreferences: [S.RETAIL] },
    placements: [
      { key: 'Kassamedewerker', km: 1, sector: S.RETAIL, customerContact: true },
      { key: 'Medewerker magazijn winkel', km: 3, sector: S.RETAIL },
    ],
    order: ['Medewerker magazijn winkel'],
  },
  {
    id: 'praktijkverklaring-target',
    story: 'A PLP participant works toward a praktijkverklaring Assistent logistiek (crebo 25254).',
    why: 'Only a company recognised for that crebo can give it; one recognised for another crebo is second best.',
    student: { audience: Audience.PLP, targetCrebo: '25254', sectorPreferences: [S.LOGISTICS] },
    placements: [
      { key: 'Magazijnmedewerker', km: 2, sector: S.LOGISTICS },
      { key: 'Logistiek medewerker erkend 25254', km: 8, sector: S.LOGISTICS, recognitions: recognised('25254') },
      { key: 'Logistiek medewerker erkend 25371', km: 5, sector: S.LOGISTICS, recognitions: recognised('25371') },
    ],
    order: ['Logistiek medewerker erkend 25254', 'Logistiek medewerker erkend 25371', 'Magazijnmedewerker'],
  },
  {
    id: 'final-year-paid-job',
    story: 'A final-year PrO student; one employer likely offers a job afterwards.',
    why: 'For a final-year student the chance of a paid job (doorstroom) weighs heavily.',
    student: { finalYear: true, sectorPreferences: [S.TECHNICAL_PRODUCTION] },
    placements: [
      { key: 'Productiemedewerker zonder baankans', km: 3, sector: S.TECHNICAL_PRODUCTION },
      { key: 'Productiemedewerker met baankans', km: 7, sector: S.TECHNICAL_PRODUCTION, paidJobChance: PaidJobChance.LIKELY },
    ],
    order: ['Productiemedewerker met baankans', 'Productiemedewerker zonder baankans'],
  },
  {
    id: 'first-year-taster-near',
    story: 'A first-year student for a first taster; a job chance matters little yet.',
    why: 'Near and easy first; the job chance is for later.',
    student: { finalYear: false, sectorPreferences: [S.RETAIL] },
    placements: [
      { key: 'Vakkenvuller met baankans', km: 9, sector: S.RETAIL, paidJobChance: PaidJobChance.LIKELY, type: PlacementType.TASTER },
      { key: 'Vakkenvuller snuffelstage', km: 2, sector: S.RETAIL, type: PlacementType.TASTER },
    ],
    order: ['Vakkenvuller snuffelstage', 'Vakkenvuller met baankans'],
  },
  {
    id: 'experience-counts',
    story: 'Two similar bakeries; schools rate one well and the other poorly.',
    why: "Other schools' experience with an employer is what coordinators ask about first.",
    student: { sectorPreferences: [S.BAKERY_FOOD] },
    placements: [
      { key: 'Bakkerij slechte ervaring', km: 3, sector: S.BAKERY_FOOD, experiences: [proSchools(4, 1.5)] },
      { key: 'Bakkerij goede ervaring', km: 4, sector: S.BAKERY_FOOD, experiences: [proSchools(5, 4.6)] },
    ],
    order: ['Bakkerij goede ervaring', 'Bakkerij slechte ervaring'],
  },
  {
    id: 'experience-with-students-like-this',
    story:
      'A PrO student needing intensive support; VSO schools praise one kitchen (for their students needing light support), PrO schools with intensive students rate the other well.',
    why: 'What counts is how students like this one fared: the praise for lighter-support VSO students says little about this student.',
    student: { sectorPreferences: [S.HOSPITALITY], supportNeed: SupportLevel.INTENSIVE },
    placements: [
      {
        key: 'Keuken geprezen door VSO',
        km: 2.5,
        sector: S.HOSPITALITY,
        supervisionLevel: SupportLevel.INTENSIVE,
        experiences: [{ audience: Audience.VSO, supportNeed: SupportLevel.LIGHT, count: 6, sum: 6 * 4.8 }],
      },
      {
        key: 'Keuken goed voor intensieve PrO',
        km: 4,
        sector: S.HOSPITALITY,
        supervisionLevel: SupportLevel.INTENSIVE,
        experiences: [{ audience: Audience.PRO, supportNeed: SupportLevel.INTENSIVE, count: 3, sum: 3 * 4.3 }],
      },
    ],
    order: ['Keuken goed voor intensieve PrO', 'Keuken geprezen door VSO'],
  },
  {
    id: 'track-record-students-like-this',
    story: 'Two warehouses for a PrO student needing moderate support; at one, most such students stopped early; the other has few cases yet.',
    why: 'A place where students like this one keep stopping is not proposed first, even nearer; too few cases say nothing either way.',
    student: { sectorPreferences: [S.LOGISTICS] },
    placements: [
      {
        key: 'Magazijn vaak voortijdig gestopt',
        km: 2,
        sector: S.LOGISTICS,
        trackRecord: [{ audience: Audience.PRO, supportNeed: SupportLevel.MODERATE, completed: 1, endedEarly: 6, paidJobs: 0 }],
      },
      {
        key: 'Magazijn nog weinig stages',
        km: 3,
        sector: S.LOGISTICS,
        trackRecord: [{ audience: Audience.PRO, supportNeed: SupportLevel.MODERATE, completed: 2, endedEarly: 0, paidJobs: 1 }],
      },
    ],
    order: ['Magazijn nog weinig stages', 'Magazijn vaak voortijdig gestopt'],
  },
  {
    id: 'supervisor-fully-loaded',
    story: 'Two similar warehouses; at one the only supervisor already guides as many students as they can.',
    why: 'Employers stop when supervision is underestimated: the one with room to supervise comes first.',
    student: { sectorPreferences: [S.LOGISTICS] },
    placements: [
      { key: 'Magazijn begeleider vol', km: 3, sector: S.LOGISTICS, seats: 3, supervisionCapacity: 1, claims: [active('2027-01-01', '2027-12-31')] },
      { key: 'Magazijn begeleider vrij', km: 4, sector: S.LOGISTICS, seats: 3, supervisionCapacity: 3 },
    ],
    order: ['Magazijn begeleider vrij', 'Magazijn begeleider vol'],
  },
  {
    id: 'intensive-support',
    story: 'A student who needs intensive supervision.',
    why: 'Lighter supervision is ruled out, unless a group placement brings a school supervisor; intensive supervision on site first.',
    student: { supportNeed: SupportLevel.INTENSIVE, sectorPreferences: [S.FACILITY_SERVICES] },
    placements: [
      { key: 'Schoonmaker licht begeleid', km: 1, sector: S.FACILITY_SERVICES, supervisionLevel: SupportLevel.LIGHT },
      {
        key: 'Schoonmaker groepsstage',
        km: 3,
        sector: S.FACILITY_SERVICES,
        supervisionLevel: SupportLevel.LIGHT,
        type: PlacementType.GROUP_STAGE,
        schoolSupervisorRequired: true,
      },
      { key: 'Schoonmaker intensief begeleid', km: 4, sector: S.FACILITY_SERVICES, supervisionLevel: SupportLevel.INTENSIVE, trainedSupervisors: 2 },
    ],
    order: ['Schoonmaker intensief begeleid', 'Schoonmaker groepsstage'],
  },
  {
    id: 'plp-audience',
    story: 'A PLP participant (adult); one placement is only open to school students.',
    why: 'The employer must be open to the audience.',
    student: { audience: Audience.PLP, sectorPreferences: [S.LOGISTICS] },
    placements: [
      { key: 'Orderpicker alleen scholen', km: 1, sector: S.LOGISTICS, audiences: [Audience.PRO, Audience.VSO] },
      { key: 'Orderpicker open voor PLP', km: 5, sector: S.LOGISTICS },
    ],
    order: ['Orderpicker open voor PLP'],
  },
  {
    id: 'paused-employer',
    story: 'An employer posted "temporarily no new placements" until April.',
    why: 'A paused employer is not approached during the pause.',
    student: { sectorPreferences: [S.HOSPITALITY] },
    placements: [
      { key: 'Medewerker hotel gepauzeerd', km: 1, sector: S.HOSPITALITY, employerStatus: 'PAUSED', pausedUntil: '2027-04-01' },
      { key: 'Medewerker hotel open', km: 6, sector: S.HOSPITALITY },
    ],
    order: ['Medewerker hotel open'],
  },
  {
    id: 'seat-taken',
    story: 'The only seat at a nearby garage is taken for the whole period.',
    why: 'A taken seat is not free; the coordinator does not approach the employer twice.',
    student: { sectorPreferences: [S.MOBILITY_VEHICLES] },
    placements: [
      { key: 'Garage vol', km: 1, sector: S.MOBILITY_VEHICLES, seats: 1, claims: [active('2027-01-01', '2027-12-31')] },
      { key: 'Garage vrij', km: 5, sector: S.MOBILITY_VEHICLES },
    ],
    order: ['Garage vrij'],
  },
  {
    id: 'allowance-tie',
    story: 'A family that cannot pay travel costs; two otherwise equal placements, one pays an allowance.',
    why: 'The allowance decides between equals.',
    student: { sectorPreferences: [S.RETAIL] },
    placements: [
      { key: 'Vakkenvuller zonder vergoeding', km: 3, sector: S.RETAIL },
      { key: 'Vakkenvuller met vergoeding', km: 3.2, sector: S.RETAIL, allowancePaid: true },
    ],
    order: ['Vakkenvuller met vergoeding', 'Vakkenvuller zonder vergoeding'],
  },
  {
    id: 'working-days',
    story: 'A student available Monday to Wednesday.',
    why: 'The placement whose days fit comes first.',
    student: { sectorPreferences: [S.LOGISTICS], availableDays: [Weekday.MON, Weekday.TUE, Weekday.WED] },
    placements: [
      { key: 'Magazijn do-vr', km: 2.5, sector: S.LOGISTICS, days: [Weekday.THU, Weekday.FRI] },
      { key: 'Magazijn ma-wo', km: 3, sector: S.LOGISTICS, days: [Weekday.MON, Weekday.TUE, Weekday.WED] },
    ],
    order: ['Magazijn ma-wo', 'Magazijn do-vr'],
  },
  {
    id: 'interest-with-sector',
    story: 'A student prefers care and says "koken": the care home kitchen and a nursing post.',
    why: 'Both are care employers; the kitchen fits the interest.',
    student: { sectorPreferences: [S.CARE_WELFARE], interests: ['koken'] },
    placements: [
      { key: 'Assistent begeleider', km: 3, sector: S.CARE_WELFARE, tasks: ['bewoners begeleiden', 'koffie rondbrengen'] },
      { key: 'Keukenhulp zorgcentrum', km: 4, sector: S.CARE_WELFARE, tasks: ['maaltijden bereiden'] },
    ],
    order: ['Keukenhulp zorgcentrum', 'Assistent begeleider'],
  },
  {
    id: 'order-picking-synonym',
    story: 'A student likes "orderpicken"; the warehouse vacancy says "magazijn".',
    why: 'Order picking is warehouse work (the same synonym group search uses).',
    student: { interests: ['orderpicken'] },
    placements: [
      { key: 'Medewerker kantoor', km: 1.5, sector: S.ADMINISTRATION, tasks: ['kopiëren'] },
      { key: 'Medewerker magazijn', km: 5, sector: S.LOGISTICS, tasks: ['dozen inpakken'] },
    ],
    order: ['Medewerker magazijn', 'Medewerker kantoor'],
  },
  {
    id: 'qualification-required',
    story: 'A care placement needs a level-2 qualification in care and welfare; the student has none.',
    why: 'A missing qualification is a hard limit; the care home restaurant is proposed.',
    student: { sectorPreferences: [S.CARE_WELFARE], qualifications: [] },
    placements: [
      {
        key: 'Helpende zorg niveau 2',
        km: 2,
        sector: S.CARE_WELFARE,
        requiredQualifications: [{ crebo: '25491', level: 2, name: 'Helpende Zorg en Welzijn' }],
      },
      { key: 'Restaurant zorgcentrum', km: 4, sector: S.HOSPITALITY, employerSectors: [S.CARE_WELFARE, S.HOSPITALITY] },
    ],
    order: ['Restaurant zorgcentrum'],
  },
  {
    id: 'exit-profile-dagbesteding',
    story: 'A VSO student heading for day activity (uitstroomprofiel dagbesteding).',
    why: 'A day-activity centre fits the exit profile; a regular employer with a job chance does not.',
    student: { audience: Audience.VSO, exitProfile: ExitProfile.DAY_ACTIVITY },
    placements: [
      { key: 'Medewerker supermarkt', km: 2, sector: S.RETAIL, paidJobChance: PaidJobChance.LIKELY },
      { key: 'Deelnemer dagbesteding', km: 5, sector: S.CARE_WELFARE, type: PlacementType.DAY_ACTIVITY, employerKind: 'DAY_ACTIVITY_CENTRE' },
    ],
    order: ['Deelnemer dagbesteding', 'Medewerker supermarkt'],
  },
  {
    id: 'claimed-supervision-not-on-site',
    story: 'A placement claims intensive supervision, but its site has only an untrained colleague at a light level.',
    why: 'The claimed level no supervisor on site can give does not count; the place with a trained leermeester comes first.',
    student: { supportNeed: SupportLevel.INTENSIVE, sectorPreferences: [S.LOGISTICS] },
    placements: [
      {
        key: 'Magazijn claimt intensief',
        km: 2,
        sector: S.LOGISTICS,
        supervisionLevel: SupportLevel.INTENSIVE,
        trainedSupervisors: 0,
        // One untrained colleague who can guide 2 students at a light level: nobody on site for intensive.
        supervisionCapacity: 2,
        supervisorCapacity: [2, 0, 0],
      },
      { key: 'Magazijn met leermeester', km: 5, sector: S.LOGISTICS, supervisionLevel: SupportLevel.INTENSIVE, trainedSupervisors: 1 },
    ],
    order: ['Magazijn met leermeester'],
  },
  {
    id: 'werkprocessen-goal',
    story: 'A PLP participant targets crebo 25254 with werkprocessen "goederen ontvangen" and "orders verzamelen".',
    why: 'Both companies are recognised; the one teaching the target werkprocessen comes first.',
    student: { audience: Audience.PLP, targetCrebo: '25254', targetWerkprocessen: ['B1-K1-W1', 'B1-K1-W2'] },
    placements: [
      { key: 'Logistiek erkend, andere werkprocessen', km: 2, sector: S.LOGISTICS, recognitions: recognised('25254'), werkprocessen: ['B1-K2-W1'] },
      { key: 'Logistiek erkend, doelwerkprocessen', km: 5, sector: S.LOGISTICS, recognitions: recognised('25254'), werkprocessen: ['B1-K1-W1', 'B1-K1-W2'] },
    ],
    order: ['Logistiek erkend, doelwerkprocessen', 'Logistiek erkend, andere werkprocessen'],
  },
];
