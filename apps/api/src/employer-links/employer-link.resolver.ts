import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LabourMarketRegion } from '@stagebank/domain';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Notification } from '../notifications/notification.types';
import { EmployerLinkService, LINK_DAYS } from './employer-link.service';
import {
  CreatedEmployerLink,
  EmployerLink,
  EmployerLinkRound,
  EmployerLinkRoundArgs,
  LinkedListing,
  LinkedListingInput,
  PauseLinkedListingInput,
} from './employer-link.types';
import { LINK_HEADER } from './link-token';
import { LinkedListingService } from './linked-listing.service';
import { BadRequestException } from '@nestjs/common';

type LinkContext = { req: { headers: Record<string, string | string[] | undefined> } };
const tokenOf = (context: LinkContext): string | undefined => {
  const value = context.req.headers[LINK_HEADER];
  return Array.isArray(value) ? value[0] : value;
};

/** Coordinators: links for employers to keep their own listing current, and the yearly rounds. */
@Resolver(() => EmployerLink)
export class EmployerLinkResolver {
  constructor(private readonly links: EmployerLinkService) {}

  @Mutation(() => CreatedEmployerLink, {
    description: `A signed link for the employer to confirm or correct its own listing (no account needed), valid validDays (1–90, default ${LINK_DAYS}). Earlier links of the employer stop working. stagebank sends no e-mail: send the path yourself.`,
  })
  createEmployerLink(
    @CurrentViewer() viewer: Viewer,
    @IdArg('employerId') employerId: string,
    @Args('validDays', { type: () => Int, defaultValue: LINK_DAYS }) validDays: number,
    @Args('schoolYear', { nullable: true, type: () => String, description: 'Default: the coming school year.' }) schoolYear?: string,
  ): Promise<CreatedEmployerLink> {
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > 90) throw new BadRequestException('validDays must be 1–90');
    return this.links.create(viewer, employerId, validDays, schoolYear ?? undefined);
  }

  @Mutation(() => EmployerLink, { description: 'Stops a link working at once (LINK_REVOKED for whoever opens it).' })
  revokeEmployerLink(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<EmployerLink> {
    return this.links.revoke(viewer, id);
  }

  @Query(() => [EmployerLink], { description: "An employer's links, newest first, with their answers." })
  employerLinks(@CurrentViewer() viewer: Viewer, @IdArg('employerId') employerId: string): Promise<EmployerLink[]> {
    return this.links.ofEmployer(viewer, employerId);
  }

  @Query(() => EmployerLinkRound, { description: "A region's yearly round of links and who answered (default: the coming school year)." })
  employerLinkRound(@CurrentViewer() viewer: Viewer, @Args() args: EmployerLinkRoundArgs): Promise<EmployerLinkRound> {
    return this.links.report(viewer, args.region, args.schoolYear);
  }

  @Mutation(() => EmployerLinkRound, {
    description: 'Starts (or tops up) the round for a region now, for the coming school year; the employer-link-rounds job does so every year from 1 March.',
  })
  startEmployerLinkRound(
    @CurrentViewer() viewer: Viewer,
    @Args('region', { type: () => LabourMarketRegion }) region: LabourMarketRegion,
  ): Promise<EmployerLinkRound> {
    return this.links.startRoundFor(viewer, region);
  }
}

/** A notification about a round (LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY) names its report, so the bell or a tool needs no second query. */
@Resolver(() => Notification)
export class LinkRoundNotificationResolver {
  constructor(private readonly links: EmployerLinkService) {}

  @ResolveField(() => EmployerLinkRound, { nullable: true, description: 'LINK_ROUND_STARTED, LINK_ROUND_REPORT_READY: the round and who answered so far.' })
  linkRound(@Parent() notification: Notification, @CurrentViewer() viewer: Viewer): Promise<EmployerLinkRound | null> | null {
    return notification.linkRoundId ? this.links.reportOf(viewer, notification.linkRoundId) : null;
  }
}

/**
 * The employer's own page: the link token (header X-Stagebank-Link) is the only credential, and it
 * opens exactly these three operations on exactly that employer's listing. Nothing here reads the
 * signed-in viewer, and no other operation reads the link header.
 */
@Resolver(() => LinkedListing)
export class LinkedListingResolver {
  constructor(private readonly listing: LinkedListingService) {}

  @Query(() => LinkedListing, {
    description: `The employer's own listing, for the link in the ${LINK_HEADER} header. LINK_INVALID, LINK_EXPIRED or LINK_REVOKED otherwise.`,
  })
  linkedListing(@Context() context: LinkContext): Promise<LinkedListing> {
    return this.listing.listing(tokenOf(context));
  }

  @Mutation(() => LinkedListing, { description: 'Through the link: applies the corrections and confirms the listing current (lastVerifiedAt), in one step.' })
  confirmLinkedListing(
    @Context() context: LinkContext,
    @Args('input', { type: () => LinkedListingInput, defaultValue: {} }) input: LinkedListingInput,
  ): Promise<LinkedListing> {
    return this.listing.confirm(tokenOf(context), {
      ...input,
      sites: input.sites ?? [],
      placements: input.placements ?? [],
      newPlacements: input.newPlacements ?? [],
      supervisors: input.supervisors ?? [],
      contactPersons: input.contactPersons ?? [],
    });
  }

  @Mutation(() => LinkedListing, { description: 'Through the link: not this year; pauses the employer until askAgainInMonths from now.' })
  pauseLinkedListing(@Context() context: LinkContext, @Args('input') input: PauseLinkedListingInput): Promise<LinkedListing> {
    return this.listing.pause(tokenOf(context), input);
  }
}
