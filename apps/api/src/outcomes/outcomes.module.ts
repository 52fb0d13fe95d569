import { Module } from '@nestjs/common';
import { EvaluationResolver, FollowUpResolver, OutcomeResolver } from './outcome.resolver';
import { OutcomeRepository } from './outcome.repository';
import { OutcomeService } from './outcome.service';

const resolvers = [OutcomeResolver, EvaluationResolver, FollowUpResolver];

/** What happened: evaluations, outcomes, praktijkverklaringen, certificates and follow-ups. */
@Module({
  providers: [OutcomeRepository, OutcomeService, ...resolvers],
})
export class OutcomesModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
