import { Injectable } from '@nestjs/common';
import { Args, Context, Field, ID, InputType, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HostingInterest, NOT_HOSTING, NotHostingReason, isSchoolYear } from '@stagebank/domain';
import { EmployerHostingInterestEntity } from '@stagebank/persistence';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { policy } from '../auth/policy';
import { CurrentViewer, Viewer, actingUserId } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { AreaRepository } from '../common/repository';
import { StagebankError } from '../common/stagebank.error';
import { Loaders } from '../graphql/loaders';
import { EmployerRepository } from './employer.repository';
import { Employer } from './employer.types';

@ObjectType({ description: 'Whether an employer means to host students in one school year, and why not when it does not.' })
export class EmployerHostingInterest {
  @Field({ description: 'The school year, e.g. "2027-2028" (1 August to 31 July).' })
  schoolYear: string;

  @Field(() => HostingInterest)
  interest: HostingInterest;

  @Field(() => [NotHostingReason], { description: 'Only for NOT_THIS_YEAR and HAS_STUDENTS_ELSEWHERE.' })
  reasons: NotHostingReason[];

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field({ description: 'true when the employer told it itself, through its own link; false when a coordinator recorded it.' })
  byEmployer: boolean;

  @Field(() => ID, { nullable: true, description: 'The coordinator who recorded it (null when the employer did).' })
  recordedByUserId: string | null;

  @Field()
  recordedAt: Date;
}

@InputType()
export class HostingInterestInput {
  @Field({ description: 'e.g. "2027-2028".' })
  @IsString()
  schoolYear: string;

  @Field(() => HostingInterest)
  @IsEnum(HostingInterest)
  interest: HostingInterest;

  @Field(() => [NotHostingReason], { defaultValue: [], description: 'Why not: only with NOT_THIS_YEAR or HAS_STUDENTS_ELSEWHERE. OTHER needs a note.' })
  @IsEnum(NotHostingReason, { each: true })
  @ArrayMaxSize(7)
  reasons: NotHostingReason[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** Who recorded a hosting interest: a coordinator, or the employer through its link. */
export type HostingInterestAuthor = { userId: string | null; organisationId: string } | { employerLinkId: string };

export const toHostingInterest = (e: EmployerHostingInterestEntity): EmployerHostingInterest => ({
  schoolYear: e.schoolYear,
  interest: e.interest,
  reasons: e.reasons,
  note: e.note,
  byEmployer: e.recordedByEmployerLinkId !== null,
  recordedByUserId: e.recordedByUserId,
  recordedAt: e.recordedAt,
});

/** Hosting interest per school year; exported so the employer's own link can record it too. */
@Injectable()
export class HostingInterestService {
  constructor(private readonly repository: EmployerRepository) {}

  /** Checks the input; `field` names the input in errors. */
  static check(input: HostingInterestInput, field = 'input'): void {
    if (!isSchoolYear(input.schoolYear)) throw StagebankError.badInput(`${field}.schoolYear`, 'a school year such as "2027-2028"');
    const reasons = [...new Set(input.reasons)];
    if (reasons.length > 0 && !NOT_HOSTING.includes(input.interest)) {
      throw StagebankError.badInput(`${field}.reasons`, `reasons are for not hosting (${NOT_HOSTING.join(', ')}), not ${input.interest}`);
    }
    if (reasons.includes(NotHostingReason.OTHER) && !input.note?.trim()) throw StagebankError.badInput(`${field}.note`, 'say what the other reason is');
  }

  /** Records (or replaces) the employer's interest for that school year, in the caller's transaction. */
  record(tx: AreaRepository, employerId: string, input: HostingInterestInput, by: HostingInterestAuthor): Promise<EmployerHostingInterest> {
    return this.recordIn(tx.alongside(EmployerRepository), employerId, input, by);
  }

  private async recordIn(tx: EmployerRepository, employerId: string, input: HostingInterestInput, by: HostingInterestAuthor): Promise<EmployerHostingInterest> {
    HostingInterestService.check(input);
    const values = {
      interest: input.interest,
      reasons: [...new Set(input.reasons)],
      note: input.note?.trim() || null,
      recordedByUserId: 'employerLinkId' in by ? null : by.userId,
      recordedByOrganisationId: 'employerLinkId' in by ? null : by.organisationId,
      recordedByEmployerLinkId: 'employerLinkId' in by ? by.employerLinkId : null,
    };
    return toHostingInterest(await tx.upsertHostingInterest(employerId, input.schoolYear, values));
  }

  async set(viewer: Viewer, employerId: string, input: HostingInterestInput): Promise<EmployerHostingInterest> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      if (!(await tx.employerExists(employerId))) throw StagebankError.notFound('Employer', employerId, 'employerId');
      return this.recordIn(tx, employerId, input, { userId: actingUserId(viewer), organisationId: viewer.organisationId });
    });
  }

  /** Newest school year first. */
}

@Resolver(() => Employer)
export class HostingInterestResolver {
  constructor(private readonly service: HostingInterestService) {}

  @Mutation(() => EmployerHostingInterest, {
    description: "Coordinators: records an employer's hosting interest for a school year (replacing an earlier one).",
  })
  setEmployerHostingInterest(
    @CurrentViewer() viewer: Viewer,
    @IdArg('employerId') employerId: string,
    @Args('input') input: HostingInterestInput,
  ): Promise<EmployerHostingInterest> {
    return this.service.set(viewer, employerId, input);
  }

  @ResolveField(() => [EmployerHostingInterest], { description: 'Hosting interest per school year, newest first.' })
  async hostingInterests(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerHostingInterest[]> {
    // Batched: a list of employers reads them in one query, not one per employer.
    return (await loaders.hostingInterestsOfEmployer.load(employer.id)).map(toHostingInterest);
  }
}
