import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlacementEntity } from '@stagebank/persistence';
import { PlacementCapacity } from './placement-capacity';
import { PlacementRepository } from './placement.repository';
import { EmployerSeatsResolver, PlacementResolver, SitePlacementsResolver } from './placement.resolver';
import { PlacementService } from './placement.service';

const resolvers = [PlacementResolver, SitePlacementsResolver, EmployerSeatsResolver];

/** Placements at sites, their seats and who occupies them when. */
@Module({
  imports: [TypeOrmModule.forFeature([PlacementEntity])],
  providers: [PlacementRepository, PlacementService, PlacementCapacity, ...resolvers],
  exports: [PlacementCapacity],
})
export class PlacementsModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
