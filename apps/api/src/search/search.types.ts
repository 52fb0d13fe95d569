import { Type } from '@nestjs/common';
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Audience, EmployerKind, PlacementType, Sector, SubSector, VerifiableFlag } from '@stagebank/domain';
import { ALL_FACETS, SearchEngineName, SearchFacet, SearchIndexName, SearchSort } from '@stagebank/search';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Employer, Site } from '../employers/employer.types';
import { PageArgs, Paginated } from '../common/pagination';
import { Nested } from '../common/validation';
import { NearInput } from '../common/geo.types';
import { Placement } from '../placements/placement.types';
import { SearchState } from './search-indexer';

registerEnumType(SearchIndexName, { name: 'SearchIndex' });
registerEnumType(SearchFacet, { name: 'SearchFacet', description: 'What a search can count its results by.' });
registerEnumType(SearchSort, { name: 'SearchSort' });
registerEnumType(SearchEngineName, { name: 'SearchEngine', description: 'Which engine answered a search.' });
registerEnumType(SearchState, { name: 'SearchState' });

export const MAX_QUERY_LENGTH = 200;

@InputType({ description: 'Every field narrows the results; lists match any of their values.' })
export class SearchFilterInput {
  @Field(() => [Sector], { nullable: true })
  @IsOptional()
  @IsEnum(Sector, { each: true })
  @ArrayUnique()
  sectors?: Sector[];

  @Field(() => [SubSector], {
    nullable: true,
    description: "Sub-sector tags of the placement or its employer (employers: or any of its open placements'), as matching reads them for close alternatives.",
  })
  @IsOptional()
  @IsEnum(SubSector, { each: true })
  @ArrayUnique()
  tags?: SubSector[];

  @Field(() => [PlacementType], { nullable: true })
  @IsOptional()
  @IsEnum(PlacementType, { each: true })
  @ArrayUnique()
  types?: PlacementType[];

  @Field(() => [EmployerKind], { nullable: true })
  @IsOptional()
  @IsEnum(EmployerKind, { each: true })
  @ArrayUnique()
  employerKinds?: EmployerKind[];

  @Field(() => [Audience], { nullable: true })
  @IsOptional()
  @IsEnum(Audience, { each: true })
  @ArrayUnique()
  audiences?: Audience[];

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  borisFlag?: boolean;

  @Field({ nullable: true, description: 'Holds a current SBB recognition.' })
  @IsOptional()
  @IsBoolean()
  sbbRecognised?: boolean;

  @Field({ nullable: true, description: 'Has a seat free today (for employers: on any placement).' })
  @IsOptional()
  @IsBoolean()
  hasFreeSeat?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  allowancePaid?: boolean;

  @Field(() => [VerifiableFlag], {
    nullable: true,
    description:
      'Only results where a coach who visited verified each of these to hold (all of them, not any): the site is wheelchair accessible, a supervisor at the site is trained, the placement suits its audiences (employers: any open placement). Declared-only flags do not count.',
  })
  @IsOptional()
  @IsEnum(VerifiableFlag, { each: true })
  @ArrayUnique()
  verified?: VerifiableFlag[];

  @Field({ nullable: true, defaultValue: false, description: 'Also paused or stopped employers and placements whose period is over.' })
  @IsOptional()
  @IsBoolean()
  includeClosed?: boolean;

  @Field({
    nullable: true,
    description: "searchPlacements: leave out placements reserved for another school or initiative (those reserved for the viewer's stay).",
  })
  @IsOptional()
  @IsBoolean()
  hideReservedForOthers?: boolean;
}

@ArgsType()
export class SearchArgs extends PageArgs {
  @Field({
    nullable: true,
    defaultValue: '',
    description: `Free text, at most ${MAX_QUERY_LENGTH} characters; empty lists everything the filter lets through.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  query: string = '';

  @Field(() => SearchFilterInput, { nullable: true })
  @IsOptional()
  @Nested(() => SearchFilterInput)
  filter?: SearchFilterInput;

  @Field(() => NearInput, { nullable: true, description: 'Only results within the radius; hits carry their distance.' })
  @IsOptional()
  @Nested(() => NearInput)
  near?: NearInput;

  @Field(() => SearchSort, { defaultValue: SearchSort.RELEVANCE, description: 'DISTANCE needs `near`.' })
  @IsEnum(SearchSort)
  sort: SearchSort = SearchSort.RELEVANCE;

  @Field(() => [SearchFacet], {
    nullable: true,
    description: "Facets to count when the result's `facets` is selected (all when left out); not selecting `facets` counts none.",
  })
  @IsOptional()
  @IsEnum(SearchFacet, { each: true })
  @ArrayMaxSize(ALL_FACETS.length)
  facets?: SearchFacet[];
}

@ObjectType()
export class HighlightFragment {
  @Field()
  text: string;

  @Field({ description: 'This piece is what the query matched.' })
  matched: boolean;
}

@ObjectType({ description: 'A field of a hit with the matching words marked.' })
export class Highlight {
  @Field({ description: 'E.g. title, employerName, tasks, place, description.' })
  field: string;

  @Field(() => [HighlightFragment])
  fragments: HighlightFragment[];
}

@ObjectType()
export class FacetValue {
  @Field({ description: 'An enum value (e.g. RETAIL) or "true"/"false".' })
  value: string;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class FacetCounts {
  @Field(() => SearchFacet)
  facet: SearchFacet;

  @Field(() => [FacetValue], { description: 'Most frequent first.' })
  values: FacetValue[];
}

@ObjectType()
export class PlacementSearchHit {
  @Field(() => Placement)
  placement: Placement;

  @Field(() => Float, { nullable: true, description: 'Straight-line km from `near`.' })
  distanceKm: number | null;

  @Field(() => [Highlight])
  highlights: Highlight[];
}

@ObjectType()
export class EmployerSearchHit {
  @Field(() => Employer)
  employer: Employer;

  @Field(() => Site, { description: 'The site that matched best, or the nearest one when sorting by distance.' })
  site: Site;

  @Field(() => Float, { nullable: true, description: 'Straight-line km from `near` to that site.' })
  distanceKm: number | null;

  @Field(() => [Highlight])
  highlights: Highlight[];
}

/** A page of hits with facet counts and the engine that answered. */
function SearchResult<T>(hit: Type<T>) {
  @ObjectType({ isAbstract: true })
  abstract class Result extends Paginated(hit) {
    @Field(() => [FacetCounts])
    facets: FacetCounts[];

    @Field(() => SearchEngineName)
    engine: SearchEngineName;

    @Field(() => String, { nullable: true, description: 'Why PostgreSQL answered instead of Meilisearch, when it did.' })
    notice: string | null;
  }
  return Result;
}

@ObjectType()
export class PlacementSearchResult extends SearchResult(PlacementSearchHit) {}

@ObjectType()
export class EmployerSearchResult extends SearchResult(EmployerSearchHit) {}

@ObjectType({ description: 'How search is doing: which engine answers and how far the index is behind.' })
export class SearchStatus {
  @Field(() => SearchEngineName)
  engine: SearchEngineName;

  @Field(() => SearchState)
  state: SearchState;

  @Field(() => String, { nullable: true })
  notice: string | null;

  @Field(() => Int, {
    description:
      'Changes written to PostgreSQL and not yet in the search index: Meilisearch when it is configured (those not yet queued for it counted up to 10,000), else the PostgreSQL search tables (counted up to 10,000).',
  })
  pendingChanges: number;

  @Field(() => Int, { nullable: true, description: 'Age in seconds of the oldest of them.' })
  oldestPendingSeconds: number | null;
}
