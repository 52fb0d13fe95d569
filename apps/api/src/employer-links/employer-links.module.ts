import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployerLinkEntity, EmployerLinkRoundEntity } from '@stagebank/persistence';
import { EmployersModule } from '../employers/employers.module';
import { PlacementsModule } from '../placements/placements.module';
import { EmployerLinkResolver, LinkRoundNotificationResolver, LinkedListingResolver } from './employer-link.resolver';
import { EmployerLinkRepository } from './employer-link.repository';
import { EmployerLinkService } from './employer-link.service';
import { LinkedListingService } from './linked-listing.service';

const resolvers = [EmployerLinkResolver, LinkedListingResolver, LinkRoundNotificationResolver];

/** Employers keep their own listing current: signed, expiring links, the page they open, and the yearly rounds. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployerLinkEntity, EmployerLinkRoundEntity]), EmployersModule, PlacementsModule],
  providers: [EmployerLinkRepository, LinkedListingService, EmployerLinkService, ...resolvers],
})
export class EmployerLinksModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
