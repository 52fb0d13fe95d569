import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Loaders } from '../graphql/loaders';
import type { ExperienceSummary } from './collaboration.types';

/** Schools' experiences per employer, averaged; one query for a batch of employers. */
export async function summariseExperiences(db: DataSource, employerIds: readonly string[]): Promise<ExperienceSummary[]> {
  const rows: Array<{ employer_id: string; count: number; sq: number; af: number; wp: number }> = await db.query(
    `SELECT employer_id, count(*)::int AS count, avg(supervision_quality)::float8 AS sq, avg(audience_fit)::float8 AS af, avg(would_place_again)::float8 AS wp
       FROM experience WHERE employer_id = ANY($1) GROUP BY employer_id`,
    [[...employerIds]],
  );
  const byEmployer = new Map(rows.map((r) => [r.employer_id, r]));
  const round = (n: number) => Math.round(n * 100) / 100;
  return employerIds.map((id) => {
    const r = byEmployer.get(id);
    if (!r) return { count: 0, supervisionQuality: null, audienceFit: null, wouldPlaceAgain: null, overall: null };
    return {
      count: r.count,
      supervisionQuality: round(r.sq),
      audienceFit: round(r.af),
      wouldPlaceAgain: round(r.wp),
      overall: round((r.sq + r.af + r.wp) / 3),
    };
  });
}

/** Per request, the experience summaries of employers, batched. */
export const experienceSummaries = (loaders: Loaders): DataLoader<string, ExperienceSummary> =>
  loaders.own(experienceSummaries, (db) => new DataLoader((employerIds: readonly string[]) => summariseExperiences(db, employerIds)));
