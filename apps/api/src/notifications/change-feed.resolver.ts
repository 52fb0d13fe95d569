import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { inAnyScope } from '../auth/request-context';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { ChangeFeed, ChangeKind } from '../changes/change-feed';
import { toEmployer, toSite } from '../employers/employer.mapper';
import { Employer, Site } from '../employers/employer.types';
import { Loaders } from '../graphql/loaders';
import { toPlacement } from '../placements/placement.mapper';
import { Placement } from '../placements/placement.types';
import { Change, ChangeConnection, ChangesArgs, WebhookChangesInput } from './change-feed.types';
import { ChangeWebhooks } from './change-webhooks';
import { Webhook } from './notification.types';

const ALL_KINDS = Object.values(ChangeKind);

/** The change feed for other tools: what changed in the shared network, page by page, and webhooks that receive it. */
@Resolver()
export class ChangeFeedResolver {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly webhooks: ChangeWebhooks,
  ) {}

  @Query(() => ChangeConnection, {
    description:
      'What changed in the shared network (employers, sites, placements, SBB recognition, the Boris flag, seats taken and freed), oldest first, ' +
      'resumable with after: endCursor. Never a school’s students or internships: a seat names its placement and period only. ' +
      'To mirror the network: take changesHead, read the network, then apply changes(after:) from that cursor (a change may come twice; each carries its cursor to deduplicate on).',
  })
  changes(@Args() { after, kinds, first }: ChangesArgs): Promise<ChangeConnection> {
    return inAnyScope(async () => {
      const page = await this.feed.page(after ?? null, kinds && kinds.length > 0 ? kinds : ALL_KINDS, first);
      return { nodes: page.items, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
    });
  }

  @Query(() => String, {
    description: 'The change feed’s cursor of now: changes committed from now on come after it. Take it before reading the network to mirror it.',
  })
  changesHead(): Promise<string> {
    return inAnyScope(() => this.feed.head());
  }

  @Mutation(() => Webhook, {
    description:
      "Admins: send these change kinds to one of your organisation's webhooks, as signed batches (POST { deliveryId, changes: { items, endCursor, hasNextPage } }), " +
      'in order, at least once, from after (default: now). A receiver that is down gets them when it is back (a batch waits for it; calling this again retries at once). ' +
      'A cursor past the log’s retention brings { deliveryId, changes: { resyncRequired: true, endCursor } }.',
  })
  setWebhookChanges(@CurrentViewer() viewer: Viewer, @Args('input') input: WebhookChangesInput): Promise<Webhook> {
    return this.webhooks.subscribe(viewer, input);
  }
}

/** The current state of what a change is about, as the caller may see it; null once it is gone. */
@Resolver(() => Change)
export class ChangeSubjectResolver {
  @ResolveField(() => Employer, { nullable: true, description: 'EMPLOYER, SITE, RECOGNITION, BORIS_FLAG: the employer now.' })
  async employer(@Parent() change: Change, @Context('loaders') loaders: Loaders): Promise<Employer | null> {
    const employer = change.employerId ? await loaders.employer.load(change.employerId) : null;
    return employer && toEmployer(employer);
  }

  @ResolveField(() => Site, { nullable: true, description: 'SITE: the site now.' })
  async site(@Parent() change: Change, @Context('loaders') loaders: Loaders): Promise<Site | null> {
    const site = change.kind === ChangeKind.SITE ? await loaders.site.load(change.entityId) : null;
    return site && toSite(site);
  }

  @ResolveField(() => Placement, { nullable: true, description: 'PLACEMENT, SEAT: the placement now.' })
  async placement(@Parent() change: Change, @Context('loaders') loaders: Loaders): Promise<Placement | null> {
    const placement = change.placementId ? await loaders.placement.load(change.placementId) : null;
    return placement && toPlacement(placement);
  }
}
