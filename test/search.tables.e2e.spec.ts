import { EmployerStatus, MembershipRole, SupervisorRole, SupportLevel, addDays, todayIso } from '@stagebank/domain';
import { SupervisorEntity } from '@stagebank/persistence';
import { SearchEngineName, SearchIndexName, SearchSort } from '@stagebank/search';
import request from 'supertest';
import { ChangeStream } from '../apps/api/src/changes/change-stream';
import { queryWords } from '../apps/api/src/search/postgres-search.engine';
import { SearchTable } from '../apps/api/src/search/search-table';
import { SEARCH_TABLE, SearchRepository, documentRows } from '../apps/api/src/search/search.repository';
import { SearchService } from '../apps/api/src/search/search.service';
import { Factory } from './support/factories';
import { searchTablesCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

const SEARCH = `query ($q: String!) { searchPlacements(query: $q, first: 10) { totalCount engine edges { node { placement { id } } } } }`;

/**
 * The PostgreSQL search reads tables kept from the change stream (search-table.ts), not the
 * document views: they must hold exactly what the views compute, after any write, and a search must
 * see the caller's own write at once, as it did when it read the views.
 */
describe('the PostgreSQL search tables', () => {
  let t: TestApp;
  let f: Factory;

  beforeAll(async () => {
    // The search-table job off: this file runs its rounds itself, so a lapse it makes is not
    // un-made by a round of the job that looked just before.
    t = await startTestApp({ SEARCH_ENGINE: 'postgres', JOBS_IN_PROCESS: 'false' });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  /** Every row of both tables against the views' rows now, column for column. */
  async function expectTablesEqualViews(): Promise<void> {
    await searchTablesCaughtUp(t);
    for (const index of Object.values(SearchIndexName)) {
      const kept = await t.db.query(`SELECT * FROM ${SEARCH_TABLE[index]} ORDER BY id`);
      const computed = await t.db.query(`${documentRows(index)} ORDER BY id`);
      expect(kept.length).toBeGreaterThan(0);
      expect({ index, rows: kept }).toEqual({ index, rows: computed });
      // And search_word has every word they hold, which a search looks its words up in.
      const missing = await t.db.query(
        `SELECT DISTINCT w FROM ${SEARCH_TABLE[index]}, unnest(words) w WHERE NOT EXISTS (SELECT 1 FROM search_word s WHERE s.word = w) LIMIT 5`,
      );
      expect({ index, missing }).toEqual({ index, missing: [] });
    }
  }

  it('fills the tables whole when its consumer lapsed, and keeps them equal to the views through writes of every kind', async () => {
    // Without a checkpoint (as the migration leaves it), the next round fills both tables from the views.
    await t.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM search_placement_row`);
      await tx.query(`DELETE FROM search_employer_row`);
      await tx.query(`DELETE FROM change_checkpoint WHERE consumer = 'search-table'`);
    });
    await t.app.get(SearchTable).follow();
    await expectTablesEqualViews();
    // Lapsed (a day without any process following the stream): filled again, whole.
    await t.db.query(`UPDATE change_checkpoint SET updated_at = now() - interval '25 hours' WHERE consumer = 'search-table'`);
    await t.db.query(`DELETE FROM search_employer_row WHERE id IN (SELECT id FROM search_employer_row LIMIT 3)`);
    await t.app.get(SearchTable).follow();
    await expectTablesEqualViews();

    const school = await f.member(MembershipRole.COORDINATOR);
    const student = await f.student(school.organisationId);
    const { employer, site } = await f.employer({ name: 'Glasblazerij Tabel' });
    const kept = await f.placement(site.id, { title: 'Glasblazer', seats: 1 });
    const gone = await f.placement(site.id, { title: 'Glasslijper' });
    const other = await f.employer({ name: 'Smederij Tabel' });
    await t.db.query(`UPDATE placement SET title = 'Glasblazer in opleiding', tags = '{}' WHERE id = $1`, [kept.id]);
    await t.db.query(`DELETE FROM placement WHERE id = $1`, [gone.id]);
    // Moved to another employer's site: both employers' documents change.
    await t.db.query(`UPDATE placement SET site_id = $2 WHERE id = $1`, [(await f.placement(site.id)).id, other.site.id]);
    await t.db.query(`UPDATE site SET name = 'Werkplaats Oost', place = 'Oosterhout' WHERE id = $1`, [site.id]);
    await t.db.query(`UPDATE employer SET name = 'Glasblazerij Tabel & Zn', status = $2, paused_until = $3 WHERE id = $1`, [
      employer.id,
      EmployerStatus.PAUSED,
      addDays(todayIso(), 30),
    ]);
    await t.db.query(`INSERT INTO sbb_recognition (employer_id, leerbedrijf_id, valid_from, set_by_user_id) VALUES ($1, '100200300', $2, $3)`, [
      other.employer.id,
      addDays(todayIso(), -10),
      school.userId,
    ]);
    await t.db.query(`INSERT INTO boris_flag (employer_id, set_by_user_id) VALUES ($1, $2)`, [other.employer.id, school.userId]);
    await t.db.getRepository(SupervisorEntity).save({
      siteId: site.id,
      role: SupervisorRole.WORKPLACE_TRAINER,
      trained: true,
      trainingVerifiedAt: new Date(),
      maxStudents: 1,
      intensity: SupportLevel.MODERATE,
    });
    await f.internship(kept.id, student.id, school.organisationId, { startDate: addDays(todayIso(), -5), endDate: addDays(todayIso(), 60) });
    await t.db.query(`DELETE FROM site WHERE id = $1`, [other.site.id]);

    await expectTablesEqualViews();
  });

  it('reads the tables, and shows the caller’s own write in the very next search', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const { site } = await f.employer({ name: 'Zeepziederij De Bel' });
    const placement = await f.placement(site.id, { title: 'Zeepzieder' });
    const found = async () => {
      const result = await t.gql(SEARCH, { q: 'zeepzieder' }, coordinator.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.searchPlacements.engine).toBe('POSTGRESQL');
      return result.data!.searchPlacements.edges.map((e: { node: { placement: { id: string } } }) => e.node.placement.id);
    };
    expect(await found()).toEqual([placement.id]);

    // Taken out of the table behind the stream's back: the search no longer finds it, so it reads the table.
    await t.db.query(`DELETE FROM search_placement_row WHERE id = $1`, [placement.id]);
    expect(await found()).toEqual([]);
    // Any write to the placement brings its row back before the next search answers.
    await t.db.query(`UPDATE placement SET hours_per_week = hours_per_week + 1 WHERE id = $1`, [placement.id]);
    expect(await found()).toEqual([placement.id]);
  });

  it('takes a typo as a typo of one word, as Meilisearch does: not of letters from two words side by side', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const { site } = await f.employer({ name: 'Warme Bakkerij Tikfout' });
    const bakery = await f.placement(site.id, { title: 'Hulp in de bakkerij' });
    // "slagerij bakker": word similarity over the whole text finds "bakerij" in it (0.75), a typo of neither word.
    const { site: butcher } = await f.employer({ name: 'Slagerij Bakker Tikfout' });
    await f.placement(butcher.id, { title: 'Hulp in de winkel' });
    const found = async (q: string) => {
      const result = await t.gql(SEARCH, { q }, coordinator.token);
      expect(result.errors).toBeUndefined();
      return result.data!.searchPlacements.edges.map((e: { node: { placement: { id: string } } }) => e.node.placement.id);
    };
    expect(await found('tikfout bakerij')).toEqual([bakery.id]);
  });

  it('sorted by distance or date, scores only the page yet orders every page as scoring every match does', async () => {
    // Four placements at one site (one distance, so the score breaks their tie) scoring differently
    // for "zeepkoker", two at a second site nearer by, one farther; the views' search scores every match.
    const near = { longitude: 5.3, latitude: 51.69 };
    const at = (dLongitude: number) => ({ location: { type: 'Point' as const, coordinates: [near.longitude + dLongitude, near.latitude] } });
    const { employer, site } = await f.employer({ name: 'Zeepkokerij Gelijk' }, at(0.02));
    const nearer = await f.site(employer.id, at(0.01));
    const farther = await f.site(employer.id, at(0.04));
    for (const title of ['Zeepkoker', 'Zeepkoker in opleiding', 'Hulp', 'Zeepkokers maat']) await f.placement(site.id, { title });
    await f.placement(nearer.id, { title: 'Hulp zeepkoker' });
    await f.placement(nearer.id, { title: 'Inpakker', tasks: ['zeepkoker helpen'] });
    await f.placement(farther.id, { title: 'Zeepkoker' });
    await t.app.get(SearchTable).follow();
    await searchTablesCaughtUp(t);
    const repository = t.app.get(SearchRepository);
    for (const sort of [SearchSort.DISTANCE, SearchSort.NEWEST]) {
      for (const [offset, limit] of [
        [0, 7],
        [0, 2],
        [2, 2],
        [3, 2],
        [4, 3],
        [1, 4],
      ]) {
        const request = { index: SearchIndexName.PLACEMENTS, query: 'zeepkoker', filter: {}, near: { ...near, radiusKm: 10 }, sort, offset, limit, facets: [] };
        const page = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ title: r.title, score: r.score, distance: r.distance }));
        const fromTables = await repository.searchDocuments(request, queryWords(request.query), true);
        const fromViews = await repository.searchDocuments(request, queryWords(request.query), false);
        expect({ sort, offset, limit, total: fromTables.total, hits: page(fromTables.hits) }).toEqual({
          sort,
          offset,
          limit,
          total: 7,
          hits: page(fromViews.hits),
        });
        expect(fromTables.hits).toHaveLength(Math.min(limit, 7 - offset));
      }
    }
  });
  it('reports as the search status what its tables do not hold yet, not what Meilisearch would', async () => {
    const table = t.app.get(SearchTable);
    await table.follow();
    await f.employer({ name: 'Pottenbakkerij Status' });
    const status = () => t.app.get(SearchService).status();
    const waiting = await status();
    expect(waiting.engine).toBe(SearchEngineName.POSTGRESQL);
    expect(waiting.pendingChanges).toBeGreaterThan(0);
    expect(waiting.oldestPendingSeconds).toBeGreaterThanOrEqual(0);

    await table.follow();
    // Meilisearch's consumer has the write unread (no search worker runs here), as it would where a
    // deployment stopped using Meilisearch; the tables that answer have it.
    expect(await t.app.get(ChangeStream).pending('search')).toBeGreaterThan(0);
    expect(await status()).toMatchObject({ pendingChanges: 0, oldestPendingSeconds: null });
    const health = await request(t.app.getHttpServer()).get('/health');
    expect(health.body.details.search).toMatchObject({ pendingChanges: 0 });
  });
});
