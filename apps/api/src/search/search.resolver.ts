import { Args, Context, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { SearchHit, SearchIndexName } from '@stagebank/search';
import { policy } from '../auth/policy';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { encodeOffsetCursor } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { Loaders } from '../graphql/loaders';
import { selects } from '../graphql/selection';
import { toEmployer, toSite } from '../employers/employer.mapper';
import { toPlacement } from '../placements/placement.mapper';
import { Answer, SearchService } from './search.service';
import { SearchIndexer } from './search-indexer';
import { EmployerSearchHit, EmployerSearchResult, PlacementSearchHit, PlacementSearchResult, SearchArgs, SearchStatus } from './search.types';

const present = <T>(value: T | Error | null | undefined): value is T => value !== null && value !== undefined && !(value instanceof Error);

/** Edges of a ranked page; hits whose record was deleted a moment ago (the index lags a little) are left out. */
function page<Node>(answer: Answer, nodes: Array<Node | null>) {
  const edges = nodes.flatMap((node, i) => (node ? [{ cursor: encodeOffsetCursor(answer.offset + i + 1), node }] : []));
  return {
    edges,
    pageInfo: { hasNextPage: answer.offset + answer.hits.length < answer.total, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: answer.total,
    facets: answer.facets,
    engine: answer.engine,
    notice: answer.notice,
  };
}

/** Whether the query reads the facet counts: the costliest part of a search, so paging further, a map or a count skips them. */
export const selectsFacets = (info: GraphQLResolveInfo): boolean => selects(info, ['facets']);

/**
 * Starts at once the reads that the page's placement fields will make (PlacementResolver's site,
 * employer, freeSeats, nextOpening and occupancy; the employer's borisFlag and sbbRecognised),
 * for those the query selects, from the ids the search answered with. Left to the fields, they
 * run as four waves one after the other (the placements, then their sites and seats, then the
 * employers, then their flags and recognitions); each field then finds its rows in the loader's
 * cache. The ids are a hint only: a field still loads by the placement's own siteId, so a hit the
 * index has not caught up with costs one more read, never a wrong answer.
 */
function readAhead(info: GraphQLResolveInfo, loaders: Loaders, hits: SearchHit[]): void {
  const wants = (...path: string[]) => selects(info, ['edges', 'node', 'placement', ...path]);
  const placementIds = hits.map((h) => h.id);
  const employerIds = [...new Set(hits.map((h) => h.employerId))];
  // loadMany never rejects (a failed key is an Error in its place), and the field that reads it reports it.
  if (wants('site') || wants('employer')) void loaders.site.loadMany(hits.map((h) => h.siteId));
  if (wants('employer')) void loaders.employer.loadMany(employerIds);
  if (wants('employer', 'borisFlag')) void loaders.currentBorisFlag.loadMany(employerIds);
  if (wants('employer', 'sbbRecognised') || wants('employer', 'recognitions')) void loaders.recognitionsOfEmployer.loadMany(employerIds);
  if (wants('freeSeats') || wants('nextOpening') || wants('occupancy')) void loaders.currentOccupancy.loadMany(placementIds);
}

@Resolver()
export class SearchResolver {
  constructor(
    private readonly search: SearchService,
    private readonly indexer: SearchIndexer,
  ) {}

  @Query(() => PlacementSearchResult, { description: 'Full-text placement search with facets, a radius and distance sort.' })
  async searchPlacements(
    @CurrentViewer() viewer: Viewer,
    @Args() args: SearchArgs,
    @Context('loaders') loaders: Loaders,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PlacementSearchResult> {
    const answer = await this.search.search(SearchIndexName.PLACEMENTS, args, selectsFacets(info), viewer.organisationId);
    const loading = loaders.placement.loadMany(answer.hits.map((h) => h.id));
    readAhead(info, loaders, answer.hits);
    const placements = await loading;
    const nodes = answer.hits.map((hit, i): PlacementSearchHit | null => {
      const placement = placements[i];
      return present(placement) ? { placement: toPlacement(placement), distanceKm: hit.distanceKm, highlights: hit.highlights } : null;
    });
    return page(answer, nodes);
  }

  @Query(() => EmployerSearchResult, { description: 'Full-text employer search over names, places and placements, one hit per employer.' })
  async searchEmployers(
    @CurrentViewer() _viewer: Viewer,
    @Args() args: SearchArgs,
    @Context('loaders') loaders: Loaders,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EmployerSearchResult> {
    const answer = await this.search.search(SearchIndexName.EMPLOYERS, args, selectsFacets(info));
    const [employers, sites] = await Promise.all([
      loaders.employer.loadMany(answer.hits.map((h) => h.id)),
      loaders.site.loadMany(answer.hits.map((h) => h.siteId)),
    ]);
    const nodes = answer.hits.map((hit, i): EmployerSearchHit | null => {
      const employer = employers[i];
      const site = sites[i];
      return present(employer) && present(site)
        ? { employer: toEmployer(employer), site: toSite(site), distanceKm: hit.distanceKm, highlights: hit.highlights }
        : null;
    });
    return page(answer, nodes);
  }

  @Query(() => SearchStatus)
  searchStatus(@CurrentViewer() _viewer: Viewer): Promise<SearchStatus> {
    return this.search.status();
  }

  @Mutation(() => Int, { description: 'Network admins: rebuild an index from PostgreSQL and swap it in without downtime. Returns the number of documents.' })
  async rebuildSearchIndex(@CurrentViewer() viewer: Viewer, @Args('index', { type: () => SearchIndexName }) index: SearchIndexName): Promise<number> {
    policy.assertNetworkAdmin(viewer);
    if (!this.indexer.indexes) throw new StagebankError(ErrorCode.CONFLICT, 'Meilisearch is not configured: PostgreSQL search needs no index');
    return this.indexer.rebuild(index);
  }
}
