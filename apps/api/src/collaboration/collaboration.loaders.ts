import DataLoader from 'dataloader';
import type { Loaders } from '../graphql/loaders';
import { CollaborationRepository } from './collaboration.repository';
import type { ExperienceSummary } from './collaboration.types';

/** Schools' experiences per employer, averaged; one query for a batch of employers. */
export async function summariseExperiences(repository: CollaborationRepository, employerIds: readonly string[]): Promise<ExperienceSummary[]> {
  const rows = await repository.experienceAverages(employerIds);
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
  loaders.own(experienceSummaries, (base) => {
    const repository = base.alongside(CollaborationRepository);
    return new DataLoader((employerIds: readonly string[]) => summariseExperiences(repository, employerIds));
  });
