import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { LabourMarketRegion, REGION_NAMES, SECTORS, Sector } from '@stagebank/domain';

@ObjectType({ description: 'A sector and its close alternatives ("omdenken").' })
class SectorInfo {
  @Field(() => Sector)
  code: Sector;

  @Field()
  nameNl: string;

  @Field()
  nameEn: string;

  @Field(() => [Sector], { description: 'Close alternatives for a student who wants this sector.' })
  related: Sector[];
}

@ObjectType()
class RegionInfo {
  @Field(() => LabourMarketRegion)
  code: LabourMarketRegion;

  @Field()
  name: string;
}

/** Reference data; public, since it holds nothing about anyone. */
@Resolver()
export class TaxonomyResolver {
  @Query(() => [SectorInfo], { description: 'The sector taxonomy.' })
  sectors(): SectorInfo[] {
    return [...SECTORS.values()];
  }

  @Query(() => [RegionInfo], { description: "The 35 labour-market regions (arbeidsmarktregio's)." })
  labourMarketRegions(): RegionInfo[] {
    return Object.entries(REGION_NAMES).map(([code, name]) => ({ code: code as LabourMarketRegion, name }));
  }
}
