import { Args, ArgsType, Context, Field, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LabourMarketRegion, todayIso } from '@stagebank/domain';
import { BorisFlagEntity, RecognitionEntity } from '@stagebank/persistence';
import { IsEnum, IsOptional, MaxLength, MinLength } from 'class-validator';
import { PageArgs } from '../common/pagination';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Loaders } from '../graphql/loaders';
import { Employer, EmployerConnection } from '../employers/employer.types';
import { User } from '../organisations/organisation.types';
import { BorisFlag, BorisFlagInput, Recognition, RecognitionInput } from './recognition.types';
import { RecognitionService } from './recognition.service';

@ArgsType()
class WithdrawArgs {
  @Field()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

@ArgsType()
class BorisEmployersArgs extends PageArgs {
  @Field(() => LabourMarketRegion, { nullable: true, description: 'Only employers with a site in this labour-market region.' })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;
}

async function userOf(loaders: Loaders, id: string | null): Promise<User | null> {
  if (!id) return null;
  const user = await loaders.user.load(id);
  return user && { id: user.id, displayName: user.displayName };
}

/** Valid today and not withdrawn. */
const isCurrent = (r: RecognitionEntity, day = todayIso()): boolean => !r.withdrawnAt && r.validFrom <= day && (r.validUntil === null || r.validUntil >= day);

const toRecognition = (r: RecognitionEntity): Recognition => ({
  id: r.id,
  employerId: r.employerId,
  leerbedrijfId: r.leerbedrijfId,
  creboCodes: r.creboCodes,
  validFrom: r.validFrom,
  validUntil: r.validUntil,
  setByUserId: r.setByUserId,
  setAt: r.setAt,
  withdrawnAt: r.withdrawnAt,
  withdrawnByUserId: r.withdrawnByUserId,
  withdrawalReason: r.withdrawalReason,
  current: isCurrent(r),
});

const toBorisFlag = (f: BorisFlagEntity): BorisFlag => ({
  id: f.id,
  setByUserId: f.setByUserId,
  setAt: f.setAt,
  note: f.note,
  clearedAt: f.clearedAt,
  clearedByUserId: f.clearedByUserId,
});

@Resolver(() => Employer)
export class RecognitionResolver {
  constructor(private readonly recognition: RecognitionService) {}

  @Query(() => EmployerConnection, { description: 'Employers with the Boris flag set, by name; optionally those with a site in one region.' })
  borisEmployers(@CurrentViewer() _viewer: Viewer, @Args() { region, ...page }: BorisEmployersArgs) {
    return this.recognition.borisEmployers(region, page);
  }

  @Mutation(() => Recognition, { description: 'SBB advisers only.' })
  async addRecognition(@CurrentViewer() viewer: Viewer, @IdArg('employerId') employerId: string, @Args('input') input: RecognitionInput): Promise<Recognition> {
    return toRecognition(await this.recognition.addRecognition(viewer, employerId, input));
  }

  @Mutation(() => Recognition, { description: 'SBB advisers only.' })
  async withdrawRecognition(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args() { reason }: WithdrawArgs): Promise<Recognition> {
    return toRecognition(await this.recognition.withdrawRecognition(viewer, id, reason));
  }

  @Mutation(() => BorisFlag, { description: 'SBB advisers only.' })
  async setBorisFlag(
    @CurrentViewer() viewer: Viewer,
    @IdArg('employerId') employerId: string,
    @Args('input', { type: () => BorisFlagInput, nullable: true }) input: BorisFlagInput,
  ): Promise<BorisFlag> {
    return toBorisFlag(await this.recognition.setBorisFlag(viewer, employerId, input?.note));
  }

  @Mutation(() => BorisFlag, { description: 'SBB advisers only.' })
  async clearBorisFlag(@CurrentViewer() viewer: Viewer, @IdArg('employerId') employerId: string): Promise<BorisFlag> {
    return toBorisFlag(await this.recognition.clearBorisFlag(viewer, employerId));
  }

  @ResolveField(() => [Recognition], { description: 'All SBB recognitions, newest first, withdrawn ones included.' })
  async recognitions(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<Recognition[]> {
    return (await loaders.recognitionsOfEmployer.load(employer.id)).map(toRecognition);
  }

  @ResolveField(() => Boolean, { description: 'Holds an SBB recognition valid today.' })
  async sbbRecognised(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<boolean> {
    return (await loaders.recognitionsOfEmployer.load(employer.id)).some((r) => isCurrent(r));
  }

  @ResolveField(() => BorisFlag, { nullable: true, description: 'The Boris flag while it is set.' })
  async borisFlag(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<BorisFlag | null> {
    const flag = await loaders.currentBorisFlag.load(employer.id);
    return flag && toBorisFlag(flag);
  }

  @ResolveField(() => [BorisFlag], { description: 'Every period the Boris flag was set, newest first.' })
  async borisFlagHistory(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<BorisFlag[]> {
    return (await loaders.borisHistoryOfEmployer.load(employer.id)).map(toBorisFlag);
  }
}

// Who set, withdrew or cleared: read only when a query asks (a search hit's `borisFlag { id }` does not).
@Resolver(() => Recognition)
export class RecognitionUsersResolver {
  @ResolveField(() => User)
  async setBy(@Parent() recognition: Recognition, @Context('loaders') loaders: Loaders): Promise<User> {
    return (await userOf(loaders, recognition.setByUserId))!;
  }

  @ResolveField(() => User, { nullable: true })
  withdrawnBy(@Parent() recognition: Recognition, @Context('loaders') loaders: Loaders): Promise<User | null> {
    return userOf(loaders, recognition.withdrawnByUserId);
  }
}

@Resolver(() => BorisFlag)
export class BorisFlagUsersResolver {
  @ResolveField(() => User)
  async setBy(@Parent() flag: BorisFlag, @Context('loaders') loaders: Loaders): Promise<User> {
    return (await userOf(loaders, flag.setByUserId))!;
  }

  @ResolveField(() => User, { nullable: true })
  clearedBy(@Parent() flag: BorisFlag, @Context('loaders') loaders: Loaders): Promise<User | null> {
    return userOf(loaders, flag.clearedByUserId);
  }
}
