import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AwardKind, Destination, EarlyEndReason, WerkprocesProgress } from '@stagebank/domain';
import { ArrayMaxSize, IsEnum, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Nested } from '../common/validation';

registerEnumType(Destination, {
  name: 'Destination',
  description: 'Where a student went, or is at a check-in; UNKNOWN is a valid answer and is reported as such.',
});
registerEnumType(EarlyEndReason, { name: 'EarlyEndReason' });
registerEnumType(AwardKind, { name: 'AwardKind' });
registerEnumType(WerkprocesProgress, { name: 'WerkprocesProgress' });

const WERKPROCES = /^[A-Z0-9]{1,4}(-[A-Z0-9]{1,4}){1,3}$/;

@ObjectType()
export class WerkprocesScore {
  @Field({ description: 'E.g. B1-K1-W2.' })
  werkproces: string;

  @Field(() => WerkprocesProgress)
  progress: WerkprocesProgress;
}

@InputType()
export class WerkprocesScoreInput {
  @Field()
  @Matches(WERKPROCES, { message: 'werkproces must be a code such as B1-K1-W2' })
  werkproces: string;

  @Field(() => WerkprocesProgress)
  @IsEnum(WerkprocesProgress)
  progress: WerkprocesProgress;
}

@ObjectType({ description: 'A progress evaluation (school-private).' })
export class Evaluation {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLLocalDate)
  evaluatedOn: string;

  @Field(() => ID, { nullable: true })
  evaluatorUserId: string | null;

  @Field(() => [WerkprocesScore])
  werkprocessen: WerkprocesScore[];

  @Field(() => String, { nullable: true })
  text: string | null;
}

@InputType()
export class EvaluationInput {
  @Field(() => GraphQLLocalDate)
  evaluatedOn: string;

  @Field(() => [WerkprocesScoreInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @Nested(() => WerkprocesScoreInput)
  werkprocessen: WerkprocesScoreInput[];

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(4000)
  text?: string;
}

@ObjectType()
export class Praktijkverklaring {
  @Field()
  crebo: string;

  @Field(() => [String])
  werkprocessen: string[];

  @Field(() => GraphQLLocalDate)
  issuedOn: string;

  @Field({ description: 'The mbo school that issued it.' })
  issuingSchool: string;
}

@InputType()
export class PraktijkverklaringInput {
  @Field()
  @Matches(/^\d{5}$/, { message: 'crebo must be 5 digits' })
  crebo: string;

  @Field(() => [String])
  @ArrayMaxSize(50)
  @Matches(WERKPROCES, { each: true, message: 'each werkproces must be a code such as B1-K1-W2' })
  werkprocessen: string[];

  @Field(() => GraphQLLocalDate)
  issuedOn: string;

  @Field()
  @MinLength(1)
  @MaxLength(200)
  issuingSchool: string;
}

@ObjectType()
export class CertificateAward {
  @Field(() => AwardKind)
  kind: AwardKind;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => GraphQLLocalDate)
  issuedOn: string;
}

@InputType()
export class CertificateAwardInput {
  @Field(() => AwardKind)
  @IsEnum(AwardKind)
  kind: AwardKind;

  @Field({ nullable: true, description: 'Required for OTHER.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @Field(() => GraphQLLocalDate)
  issuedOn: string;
}

@ObjectType({ description: 'How the internship ended for the student (school-private).' })
export class InternshipOutcome {
  @Field(() => Destination)
  destination: Destination;

  @Field(() => EarlyEndReason, { nullable: true })
  earlyEndReason: EarlyEndReason | null;

  @Field(() => [Praktijkverklaring])
  praktijkverklaringen: Praktijkverklaring[];

  @Field(() => [CertificateAward])
  certificates: CertificateAward[];

  @Field()
  recordedAt: Date;
}

@InputType({ description: 'Recording again replaces the earlier outcome.' })
export class InternshipOutcomeInput {
  @Field(() => Destination)
  @IsEnum(Destination)
  destination: Destination;

  @Field(() => EarlyEndReason, { nullable: true, description: 'Required when the internship ended early.' })
  @IsOptional()
  @IsEnum(EarlyEndReason)
  earlyEndReason?: EarlyEndReason;

  @Field(() => [PraktijkverklaringInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @Nested(() => PraktijkverklaringInput)
  praktijkverklaringen: PraktijkverklaringInput[];

  @Field(() => [CertificateAwardInput], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Nested(() => CertificateAwardInput)
  certificates: CertificateAwardInput[];
}

@ObjectType({ description: 'A check-in after the student left (school-private).' })
export class FollowUp {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLLocalDate)
  checkedOn: string;

  @Field(() => Destination)
  situation: Destination;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@InputType()
export class FollowUpInput {
  @Field(() => GraphQLLocalDate)
  checkedOn: string;

  @Field(() => Destination, { description: 'UNKNOWN when the student could not be reached.' })
  @IsEnum(Destination)
  situation: Destination;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}
