import { Args, Context, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLIncludeDirective, GraphQLSkipDirective, getDirectiveValues, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';
import { SearchIndexName } from '@stagebank/search';
import { policy } from '../auth/policy';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { encodeOffsetCursor } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { Loaders } from '../graphql/loaders';
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

/**
 * Whether the query selects `facets` on the result (directly, or in an inline or named fragment;
 * `@include`/`@skip` as GraphQL decides them). Facet counts are the costliest part of a search, so
 * they are computed only when someone reads them: paging further, a map or a count skips them.
 */
export function selectsFacets(info: GraphQLResolveInfo): boolean {
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((selection) => {
      if (!included(selection)) return false;
      if (selection.kind === 'Field') return selection.name.value === 'facets';
      if (selection.kind === 'InlineFragment') return walk(selection.selectionSet);
      return walk(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet));
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
    const placements = await loaders.placement.loadMany(answer.hits.map((h) => h.id));
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
