import { MembershipRole } from '@stagebank/domain';
import request from 'supertest';
import { Factory } from './support/factories';
import { eventually } from './support/wait';
import { TestApp, startTestApp } from './support/test-app';

const value = (text: string, series: string): number | null => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
};

describe('metrics (GET /metrics)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts and times operations by name, type and outcome, and shows the process, the pool, the stream and the index', async () => {
    const f = new Factory(t);
    const member = await f.member(MembershipRole.COORDINATOR);
    await t.gql(`query Sectors { __typename }`, {}, member.token);
    await t.gql(`query Sectors { __typename }`, {}, member.token);
    await t.gql(`mutation Broken { nothing }`, {}, member.token);
    const res = await request(t.app.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(value(res.text, 'stagebank_graphql_operations_total{operation="Sectors",type="query",outcome="ok"}')).toBe(2);
    expect(value(res.text, 'stagebank_graphql_operation_duration_seconds_count{operation="Sectors",type="query"}')).toBe(2);
    expect(value(res.text, 'stagebank_graphql_operations_total{operation="anonymous",type="invalid",outcome="error"}')).toBe(1);
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    expect(value(res.text, 'stagebank_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(value(res.text, 'stagebank_change_stream_pending{consumer="notifications"}')).toBeGreaterThanOrEqual(0);
    expect(value(res.text, 'stagebank_change_stream_pending{consumer="search-table"}')).toBeGreaterThanOrEqual(0);
    // The index builds in the background and then follows the change stream: a placement of this test's own shows in it soon.
    const { site } = await f.employer();
    await f.placement(site.id);
    await eventually(async () => {
      const scraped = await request(t.app.getHttpServer()).get('/metrics');
      return (value(scraped.text, 'stagebank_matching_index_placements') ?? 0) > 0;
    }, 'the matching index to hold a placement');
    expect(value(res.text, 'stagebank_search_index_failures_total')).toBe(0);
    // The test app runs the jobs itself; some local job (e.g. the notification feed) has run by now.
    const jobRuns = res.text.split('\n').filter((l) => /^stagebank_job_runs_total\{job="[a-z-]+",outcome="ok"\} /.test(l));
    expect(jobRuns.length).toBeGreaterThan(0);
    expect(Math.max(...jobRuns.map((l) => Number(l.split(' ')[1])))).toBeGreaterThan(0);
    expect(res.text).toMatch(/^stagebank_job_runs_total\{job="[a-z-]+",outcome="failed"\} 0$/m);
  });

  it('keeps client-chosen names from multiplying the series', async () => {
    const f = new Factory(t);
    const member = await f.member(MembershipRole.COORDINATOR);
    const named = await t.gql(`query ${'x'.repeat(70)} { __typename }`, {}, member.token);
    expect(named.errors).toBeUndefined();
    const res = await request(t.app.getHttpServer()).get('/metrics');
    expect(res.text).not.toContain('x'.repeat(70));
    expect(value(res.text, 'stagebank_graphql_operations_total{operation="other",type="query",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  });

  it('asks for METRICS_TOKEN when one is set, and refuses everyone without one on a non-loopback host', async () => {
    // One app at a time: the embedded database serves one connection.
    await t.close();
    t = await startTestApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    const guarded = t.app.getHttpServer();
    expect((await request(guarded).get('/metrics')).status).toBe(401);
    expect((await request(guarded).get('/metrics').set('authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    expect((await request(guarded).get('/metrics').set('authorization', 'Bearer metrics-token-0123456789')).status).toBe(200);
    await t.close();
    t = await startTestApp({ HOST: '0.0.0.0' });
    expect((await request(t.app.getHttpServer()).get('/metrics')).status).toBe(403);
  });
});
