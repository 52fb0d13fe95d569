import { EMPLOYER_REFERENCES } from '../apps/api/src/employers/employer-upkeep';
import { EmployerRepository } from '../apps/api/src/employers/employer.repository';
import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import {
  BorisFlagEntity,
  ContactPersonEntity,
  EmployerApproachEntity,
  EmployerEntity,
  EmployerNoteEntity,
  ExperienceEntity,
  InternshipEntity,
  PlacementEntity,
  RecognitionEntity,
  SiteEntity,
} from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';
import { eventually } from './support/wait';

const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';

/** Keeping the shared employer list current: confirm, the stale list, duplicates, merging. Fixtures near Texel, far from other tests. */
const TEXEL = { latitude: 53.055, longitude: 4.797 };
const at = (dLat: number, place = 'Den Burg') => ({
  place,
  postcode: '1791 AB',
  houseNumber: String(Math.round(dLat * 1e5)),
  location: { type: 'Point' as const, coordinates: [TEXEL.longitude, TEXEL.latitude + dLat] },
});

describe('employer upkeep', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  /**
   * Two look-alike employers at `dLat` (the second to be merged into the first), a placement of the
   * second, the coordinator's watch on it, and a handled notification event for the placement.
   */
  const watchedMergeCandidates = async (name: string, dLat: number) => {
    const keep = await f.employer({ name }, at(dLat));
    const merge = await f.employer({ name: `${name} BV` }, at(dLat + 0.0001));
    const placement = await f.placement(merge.site.id);
    const watch = (
      await t.gql(`mutation ($input: WatchInput!) { watch(input: $input) { id } }`, { input: { employerId: merge.employer.id } }, coordinator.token)
    ).data!.watch;
    const [event] = await t.db.query(`INSERT INTO notification_event (kind, placement_id, processed_at) VALUES ('PLACEMENT_OPENED', $1, now()) RETURNING id`, [
      placement.id,
    ]);
    return { keep, merge, placement, watch, event };
  };

  it('confirms an employer and its placements current, and takes it off the stale list', async () => {
    const { employer, site } = await f.employer({ name: `Strandpaviljoen Paal ${Date.now()}` }, at(0.2));
    const placement = await f.placement(site.id);
    const STALE = `query ($after: String) { staleEmployers(olderThanDays: 30, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const staleIds = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page: any = (await t.gql(STALE, { after }, coordinator.token)).data!.staleEmployers;
        ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return ids;
    };
    expect(await staleIds()).toContain(employer.id);
    const confirmed = await t.gql(`mutation ($id: ID!) { confirmEmployerCurrent(id: $id) { lastVerifiedAt } }`, { id: employer.id }, coordinator.token);
    expect(Date.now() - new Date(confirmed.data!.confirmEmployerCurrent.lastVerifiedAt).getTime()).toBeLessThan(60_000);
    expect((await t.db.getRepository(PlacementEntity).findOneBy({ id: placement.id }))!.lastVerifiedAt).not.toBeNull();
    expect(await staleIds()).not.toContain(employer.id);
  });

  it('finds likely duplicates: alike names close together, or one address; not alike names or far apart', async () => {
    const a = await f.employer({ name: 'Bakkerij Bakker Texel' }, at(0));
    const b = await f.employer({ name: 'Bakkerij Bakker Texel B.V.' }, at(0.002)); // ~220 m
    const far = await f.employer({ name: 'Bakkerij Bakker Texel' }, at(0.1)); // ~11 km
    const other = await f.employer({ name: 'Fietsverhuur Zeewind' }, at(0.001));
    const sameAddress = await f.employer({ name: 'Juttersmuseum De Vuurtoren' }, { ...at(0.05), houseNumber: '7' });
    const sameAddressToo = await f.employer({ name: 'Stichting Vuurtorenbeheer' }, { ...at(0.0501), houseNumber: '7' });
    const { data } = await t.gql(
      `query ($near: NearInput) { duplicateCandidates(first: 100, near: $near) { first { id } second { id } nameSimilarity distanceMeters } }`,
      { near: { ...TEXEL, radiusKm: 20 } },
      coordinator.token,
    );
    const pairs = data!.duplicateCandidates.map((d: any) => [d.first.id, d.second.id].sort().join('+'));
    const pair = (x: { employer: { id: string } }, y: { employer: { id: string } }) => [x.employer.id, y.employer.id].sort().join('+');
    expect(pairs).toContain(pair(a, b));
    expect(pairs).toContain(pair(sameAddress, sameAddressToo));
    expect(pairs).not.toContain(pair(a, far));
    expect(pairs).not.toContain(pair(a, other));
    const ab = data!.duplicateCandidates.find((d: any) => [d.first.id, d.second.id].sort().join('+') === pair(a, b));
    expect(ab.nameSimilarity).toBeGreaterThan(0.5);
    expect(ab.distanceMeters).toBeGreaterThan(150);
    expect(ab.distanceMeters).toBeLessThan(300);
  });

  it('keeps the likely duplicates current as names change, sites move, are added or removed, and employers merge; equal to comparing every pair', async () => {
    const DUPLICATES = `query ($near: NearInput) { duplicateCandidates(first: 100, near: $near) { first { id } second { id } } }`;
    const pairsNearby = async () =>
      (
        (await t.gql(DUPLICATES, { near: { ...TEXEL, radiusKm: 100 } }, coordinator.token)).data!.duplicateCandidates as Array<{
          first: { id: string };
          second: { id: string };
        }>
      ).map((d) => [d.first.id, d.second.id].sort().join('+'));
    const pair = (x: string, y: string) => [x, y].sort().join('+');
    const cheese = await f.employer({ name: 'Kaasboerderij Wezenspyk' }, at(0.6));
    const twin = await f.employer({ name: 'Kaasboerderij Wezenspyk B.V.' }, at(0.602));
    expect(await pairsNearby()).toContain(pair(cheese.employer.id, twin.employer.id));

    const UPDATE_EMPLOYER = `mutation ($id: ID!, $name: String!) { updateEmployer(id: $id, input: { name: $name }) { id } }`;
    await t.gql(UPDATE_EMPLOYER, { id: twin.employer.id, name: 'Schapenboerderij De Waddel' }, coordinator.token);
    expect(await pairsNearby()).not.toContain(pair(cheese.employer.id, twin.employer.id));
    await t.gql(UPDATE_EMPLOYER, { id: twin.employer.id, name: 'Kaasboerderij Wezenspijk' }, coordinator.token);
    expect(await pairsNearby()).toContain(pair(cheese.employer.id, twin.employer.id));

    const MOVE = `mutation ($id: ID!, $lat: Float!) { updateSite(id: $id, input: { location: { latitude: $lat, longitude: ${TEXEL.longitude} } }) { id } }`;
    await t.gql(MOVE, { id: twin.site.id, lat: TEXEL.latitude + 0.7 }, coordinator.token); // ~11 km away
    expect(await pairsNearby()).not.toContain(pair(cheese.employer.id, twin.employer.id));
    await t.gql(MOVE, { id: twin.site.id, lat: TEXEL.latitude + 0.6015 }, coordinator.token);
    expect(await pairsNearby()).toContain(pair(cheese.employer.id, twin.employer.id));

    // A second site next to a namesake elsewhere makes a pair; removing the site ends it.
    const namesake = await f.employer({ name: 'Kaasboerderij Wezenspyk Oosterend' }, at(0.65, 'Oosterend'));
    const added = await t.gql(
      `mutation ($id: ID!, $input: SiteInput!) { addSite(employerId: $id, input: $input) { id } }`,
      {
        id: cheese.employer.id,
        input: {
          name: 'Winkel Oosterend',
          street: 'Dorpsstraat',
          houseNumber: '2',
          postcode: '1795 AB',
          place: 'Oosterend',
          location: { latitude: TEXEL.latitude + 0.6505, longitude: TEXEL.longitude },
        },
      },
      coordinator.token,
    );
    expect(added.errors).toBeUndefined();
    expect(await pairsNearby()).toContain(pair(cheese.employer.id, namesake.employer.id));
    await t.gql(`mutation ($id: ID!) { removeSite(id: $id) }`, { id: added.data!.addSite.id }, coordinator.token);
    expect(await pairsNearby()).not.toContain(pair(cheese.employer.id, namesake.employer.id));

    // Merged, the twin leaves no pair behind.
    await t.gql(
      `mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`,
      { k: cheese.employer.id, m: twin.employer.id },
      coordinator.token,
    );
    expect((await pairsNearby()).filter((p) => p.includes(twin.employer.id))).toEqual([]);

    // Everything kept equals every pair compared afresh, around Texel (this file's fixtures), right
    // after the writes (the triggers' part). Not the whole database: other files write at the same
    // time, and pairs from concurrent transactions appear only once the employer-duplicates job has
    // run (the next test).
    const near = `ST_DWithin(sa.location, ST_SetSRID(ST_MakePoint(${TEXEL.longitude}, ${TEXEL.latitude}), 4326)::geography, 30000)`;
    const kept = await t.db.query(
      `SELECT employer_a, employer_b, round(name_similarity::numeric, 3)::float8 AS s, round(distance_m)::int AS d FROM employer_duplicate d
        WHERE EXISTS (SELECT 1 FROM site sa WHERE sa.employer_id = d.employer_a AND ${near}) ORDER BY 1, 2`,
    );
    const compare = (where: string) =>
      t.db.query(
        `SELECT a.id AS employer_a, b.id AS employer_b, round(similarity(lower(unaccent(a.name)), lower(unaccent(b.name)))::numeric, 3)::float8 AS s,
              round(min(ST_Distance(sa.location, sb.location)))::int AS d
         FROM employer a JOIN site sa ON sa.employer_id = a.id
         JOIN site sb ON ST_DWithin(sa.location, sb.location, 500) JOIN employer b ON b.id = sb.employer_id AND a.id < b.id
        WHERE (similarity(lower(unaccent(a.name)), lower(unaccent(b.name))) >= 0.5 OR (sa.postcode = sb.postcode AND lower(sa.house_number) = lower(sb.house_number)))
          AND ${where}
        GROUP BY a.id, b.id, a.name, b.name ORDER BY 1, 2`,
      );
    const fresh = await compare(`EXISTS (SELECT 1 FROM site sa WHERE sa.employer_id = a.id AND ${near})`);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(fresh);

    // Without an area: the whole network's pairs, most alike first.
    const network = (await t.gql(`{ duplicateCandidates(first: 100) { first { id } second { id } nameSimilarity } }`, {}, coordinator.token)).data!
      .duplicateCandidates as Array<{
      first: { id: string };
      second: { id: string };
      nameSimilarity: number;
    }>;
    const everywhere = await compare('true');
    expect(network).toHaveLength(Math.min(100, everywhere.length));
    const freshPairs = new Set(everywhere.map((r: { employer_a: string; employer_b: string }) => pair(r.employer_a, r.employer_b)));
    for (const d of network) expect(freshPairs.has(pair(d.first.id, d.second.id))).toBe(true);
    expect(network.map((d) => d.nameSimilarity)).toEqual([...network.map((d) => d.nameSimilarity)].sort((x, y) => y - x));
  });

  it('compares again after commit only employers renamed or whose site was added, moved or readdressed, not on every change', async () => {
    const { employer, site } = await f.employer({ name: 'Melkveebedrijf Onveranderd' }, at(0.9));
    const [{ snapshot }] = await t.db.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    // What the employer-duplicates job would compare again, for the changes committed since `snapshot`.
    const compared = () => t.db.transaction((tx) => new EmployerRepository(tx).refreshDuplicatesChangedSince(snapshot, { lockTimeoutMs: 5_000 }));

    await t.db.query(`UPDATE employer SET status = 'PAUSED', paused_until = current_date + 5, website = 'https://example.org' WHERE id = $1`, [employer.id]);
    await t.db.query(`UPDATE site SET name = 'Stal', house_number = upper(house_number) WHERE id = $1`, [site.id]);
    expect(await compared()).not.toContain(employer.id);

    await t.db.query(`UPDATE site SET location = ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography WHERE id = $1`, [
      site.id,
      TEXEL.longitude,
      TEXEL.latitude + 0.95,
    ]);
    expect(await compared()).toContain(employer.id);

    const renamed = await f.employer({ name: 'Melkveebedrijf De Hoorn' }, at(0.92));
    const [{ snapshot: later }] = await t.db.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    await t.db.query(`UPDATE employer SET name = 'Melkveebedrijf De Hoorn Texel' WHERE id = $1`, [renamed.employer.id]);
    const sinceLater = await t.db.transaction((tx) => new EmployerRepository(tx).refreshDuplicatesChangedSince(later, { lockTimeoutMs: 5_000 }));
    expect(sinceLater).toContain(renamed.employer.id);
    expect(sinceLater).not.toContain(employer.id);
  });

  (embedded ? it.skip : it)('pairs look-alike employers added at one spot by two transactions at once, once both committed (PostgreSQL)', async () => {
    // Each transaction's trigger runs before the other commits, so neither sees the other's site; the job compares again after commit.
    const runners = [t.db.createQueryRunner(), t.db.createQueryRunner()];
    const name = `Kaasmakerij Gelijktijdig ${Date.now()}`;
    const ids: string[] = [];
    try {
      for (const runner of runners) await runner.startTransaction();
      for (const k of [0, 1]) {
        const [employer] = await runners[k].query(`INSERT INTO employer (name, kind, size_class) VALUES ($1, 'REGULAR', 'SMALL') RETURNING id`, [name]);
        ids.push(employer.id);
        await runners[k].query(
          `INSERT INTO site (employer_id, name, street, house_number, postcode, place, location)
           VALUES ($1, 'Winkel', 'Dijk', $2, '1791 AB', 'Den Burg', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)`,
          [employer.id, String(900 + k), TEXEL.longitude, TEXEL.latitude + 0.3],
        );
      }
      for (const runner of runners) await runner.commitTransaction();
    } finally {
      for (const runner of runners) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    const [a, b] = [...ids].sort();
    await eventually(
      async () => (await t.db.query(`SELECT 1 FROM employer_duplicate WHERE employer_a = $1 AND employer_b = $2`, [a, b])).length === 1,
      'the pair of employers added at once',
    );
  });

  it('merges two records into one, moving sites, placements, internships, recognitions, flags, contacts, notes, experiences and approaches, with an audit trail', async () => {
    const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
    const keep = await f.employer({ name: 'Zorgboerderij De Hoorn', sectors: ['GREEN'] as never, kvkNumber: null }, at(0.3));
    const merge = await f.employer(
      { name: 'Zorgboerderij de Hoorn', sectors: ['CARE_WELFARE'] as never, kvkNumber: '87654321', description: 'Dieren en groen' },
      at(0.3001),
    );
    const placement = await f.placement(merge.site.id, { seats: 1 });
    const student = await f.student(coordinator.organisationId);
    const internship = await f.internship(placement.id, student.id, coordinator.organisationId);
    await t.db
      .getRepository(RecognitionEntity)
      .save({ employerId: merge.employer.id, leerbedrijfId: '1', creboCodes: [], validFrom: '2020-01-01', setByUserId: adviser.userId });
    await t.db.getRepository(BorisFlagEntity).save({ employerId: keep.employer.id, setByUserId: adviser.userId });
    await t.db.getRepository(BorisFlagEntity).save({ employerId: merge.employer.id, setByUserId: adviser.userId });
    const shared = { employerId: merge.employer.id, organisationId: coordinator.organisationId, userId: coordinator.userId };
    await t.db.getRepository(ContactPersonEntity).save({ employerId: merge.employer.id, name: 'Henk', email: 'henk@dehoorn.nl' });
    await t.db.getRepository(EmployerNoteEntity).save({ ...shared, text: 'Alleen ochtenden' });
    await t.db.getRepository(ExperienceEntity).save({ ...shared, internshipId: internship.id, supervisionQuality: 4, audienceFit: 5, wouldPlaceAgain: 5 });
    await t.db.getRepository(EmployerApproachEntity).save({ ...shared, purpose: 'Nieuwe plek', since: '2030-01-01', until: '2030-02-01' });

    const merged = await t.gql(
      `mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id kvkNumber sectors description sites { id } } }`,
      { k: keep.employer.id, m: merge.employer.id },
      coordinator.token,
    );
    expect(merged.errors).toBeUndefined();
    const result = merged.data!.mergeEmployers;
    expect(result).toMatchObject({ id: keep.employer.id, kvkNumber: '87654321', description: 'Dieren en groen' });
    expect([...result.sectors].sort()).toEqual(['CARE_WELFARE', 'GREEN']);
    expect(result.sites.map((s: { id: string }) => s.id).sort()).toEqual([keep.site.id, merge.site.id].sort());
    expect(await t.db.getRepository(EmployerEntity).countBy({ id: merge.employer.id })).toBe(0);
    expect((await t.db.getRepository(SiteEntity).findOneBy({ id: merge.site.id }))!.employerId).toBe(keep.employer.id);
    expect((await t.db.getRepository(InternshipEntity).findOneBy({ id: internship.id }))!.placementId).toBe(placement.id);
    expect(await t.db.getRepository(RecognitionEntity).countBy({ employerId: keep.employer.id })).toBe(1);
    const flags = await t.db.getRepository(BorisFlagEntity).findBy({ employerId: keep.employer.id });
    expect(flags).toHaveLength(2);
    expect(flags.filter((flag) => flag.clearedAt === null)).toHaveLength(1);
    for (const entity of [ContactPersonEntity, EmployerNoteEntity, ExperienceEntity, EmployerApproachEntity]) {
      expect(await t.db.getRepository<{ employerId: string }>(entity).countBy({ employerId: keep.employer.id })).toBe(1);
    }

    const [deletion] = await t.db.query(`SELECT actor_user_id, before FROM audit_entry WHERE entity = 'employer' AND entity_id = $1 AND action = 'DELETE'`, [
      merge.employer.id,
    ]);
    expect(deletion.actor_user_id).toBe(coordinator.userId);
    expect(deletion.before.name).toBe('Zorgboerderij de Hoorn');
  });

  it('knows every table that refers to an employer (read from the database catalogue), and moves watches and notifications too', async () => {
    const references: Array<{ table: string; column: string }> = await t.db.query(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'employer'::regclass`,
    );
    expect(references.length).toBeGreaterThan(5);
    const known = [...EMPLOYER_REFERENCES.moved, ...EMPLOYER_REFERENCES.goWithTheMerged].map(({ table, column }) => `${table}.${column}`);
    for (const { table, column } of references)
      expect({ reference: `${table}.${column}`, known: known.includes(`${table}.${column}`) }).toEqual({ reference: `${table}.${column}`, known: true });

    const { keep, merge, placement, watch, event } = await watchedMergeCandidates('Kaasboerderij Wielinga', 0.6);
    await t.db.query(
      `INSERT INTO notification (user_id, organisation_id, watch_id, event_id, kind, placement_id, employer_id) VALUES ($1, $2, $3, $4, 'PLACEMENT_OPENED', $5, $6)`,
      [coordinator.userId, coordinator.organisationId, watch.id, event.id, placement.id, merge.employer.id],
    );
    const res = await t.gql(
      `mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`,
      { k: keep.employer.id, m: merge.employer.id },
      coordinator.token,
    );
    expect(res.errors).toBeUndefined();
    const [kept] = await t.db.query(`SELECT employer_id FROM watch WHERE id = $1`, [watch.id]);
    expect(kept?.employer_id).toBe(keep.employer.id);
    // The one written here, and any the dispatcher made meanwhile for the new placement: all name the kept employer.
    const notifications: Array<{ employer_id: string }> = await t.db.query(`SELECT employer_id FROM notification WHERE watch_id = $1`, [watch.id]);
    expect(notifications.length).toBeGreaterThan(0);
    expect([...new Set(notifications.map((n) => n.employer_id))]).toEqual([keep.employer.id]);
  });

  // Needs a second connection, which the embedded database (one connection) does not have.
  (embedded ? it.skip : it)('names the kept employer in a notification that was being written while the merge ran (PostgreSQL)', async () => {
    const { keep, merge, placement, watch, event } = await watchedMergeCandidates('Kaasboerderij Zijlstra', 0.62);
    // As the dispatcher does: a transaction that read the placement's employer and wrote the notification, not yet committed.
    const writer = t.db.createQueryRunner();
    await writer.startTransaction();
    try {
      await writer.query(
        `INSERT INTO notification (user_id, organisation_id, watch_id, event_id, kind, placement_id, employer_id) VALUES ($1, $2, $3, $4, 'PLACEMENT_OPENED', $5, $6)`,
        [coordinator.userId, coordinator.organisationId, watch.id, event.id, placement.id, merge.employer.id],
      );
      const merging = t.gql(
        `mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`,
        { k: keep.employer.id, m: merge.employer.id },
        coordinator.token,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writer.commitTransaction();
      expect((await merging).errors).toBeUndefined();
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    const [written] = await t.db.query(`SELECT employer_id FROM notification WHERE watch_id = $1 AND event_id = $2`, [watch.id, event.id]);
    expect(written.employer_id).toBe(keep.employer.id);
  });

  it('refuses to merge an employer into itself or into one that does not exist, changing nothing', async () => {
    const { employer } = await f.employer({ name: 'Veerdienst Texel' }, at(0.4));
    const MERGE = `mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`;
    expect(onlyError(await t.gql(MERGE, { k: employer.id, m: employer.id }, coordinator.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'mergeId',
    });
    expect(onlyError(await t.gql(MERGE, { k: '00000000-0000-4000-8000-000000000000', m: employer.id }, coordinator.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'keepId',
    });
    expect(await t.db.getRepository(EmployerEntity).countBy({ id: employer.id })).toBe(1);
  });
});
