import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { LabourMarketRegion, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { IsEmail, IsEnum, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Nested } from '../common/validation';
import { PageArgs, Paginated } from '../common/pagination';

@ObjectType({ description: 'A school, PLP initiative, SBB office, municipality or other organisation in the network.' })
export class Organisation {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => LabourMarketRegion, { description: 'Arbeidsmarktregio.' })
  region: LabourMarketRegion;

  @Field(() => Int, { description: 'How many days a PROPOSED internship of this organisation holds its seat before it expires (default 14).' })
  holdExpiryDays: number;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class OrganisationConnection extends Paginated(Organisation) {}

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;
}

@ObjectType({ description: "A user's role in one organisation." })
export class Membership {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  userId: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => MembershipRole)
  role: MembershipRole;
}

@ObjectType({ description: 'The signed-in user and the organisation they act for.' })
export class Me {
  @Field(() => User)
  user: User;

  @Field()
  email: string;

  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => MembershipRole)
  role: MembershipRole;

  @Field(() => [Membership], { description: 'All organisations this user can act for.' })
  memberships: Membership[];
}

@InputType()
export class CreateOrganisationInput {
  @Field()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => LabourMarketRegion)
  @IsEnum(LabourMarketRegion)
  region: LabourMarketRegion;
}

@InputType()
export class UpdateOrganisationInput {
  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => LabourMarketRegion, { nullable: true })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;

  @Field(() => Int, { nullable: true, description: 'Days a proposal holds its seat, 1–90; applies to holds started from now on.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  holdExpiryDays?: number;
}

@InputType()
export class AddMemberInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: 'Used when no user with this e-mail exists yet.' })
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @Field(() => MembershipRole)
  @IsEnum(MembershipRole)
  role: MembershipRole;
}

@InputType()
export class OrganisationFilter {
  @Field(() => [OrganisationKind], { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind, { each: true })
  kinds?: OrganisationKind[];

  @Field(() => [LabourMarketRegion], { nullable: true })
  @IsOptional()
  @IsEnum(LabourMarketRegion, { each: true })
  regions?: LabourMarketRegion[];
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => OrganisationFilter, { nullable: true })
  @IsOptional()
  @Nested(() => OrganisationFilter)
  filter?: OrganisationFilter;
}
