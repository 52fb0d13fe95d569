import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

@ObjectType({ description: 'A diploma: an mbo qualification by crebo and level, or a named one. Certificates (VCA, BHV, …) are separate.' })
export class Qualification {
  @Field(() => String, { nullable: true, description: 'Five-digit crebo code.' })
  crebo: string | null;

  @Field(() => Int, { nullable: true, description: 'mbo level 1–4 (1 = Entree). A required level is met by the same crebo at that level or higher.' })
  level: number | null;

  @Field(() => String, { nullable: true, description: 'The name; required without a crebo.' })
  name: string | null;
}

@InputType({ description: 'A diploma by crebo (and level), or by name.' })
export class QualificationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'crebo must be a 5-digit crebo code' })
  crebo?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  level?: number | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((q: QualificationInput) => !q.crebo || q.name != null)
  @IsString({ message: 'a qualification needs a crebo code or a name' })
  @MinLength(1, { message: 'a qualification needs a crebo code or a name' })
  @MaxLength(200)
  name?: string | null;
}

/** Input → stored form: absent fields become null, names trimmed. */
export const toQualification = (q: QualificationInput) => ({ crebo: q.crebo ?? null, level: q.level ?? null, name: q.name?.trim() || null });
