import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';
import { ErrorCode, FieldProblem, StagebankError } from './stagebank.error';

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

function flatten(errors: ValidationError[], path: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${path}[${error.property}]` : `${path}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * Validates GraphQL arguments with their class-validator decorators and rejects bad input as
 * BAD_USER_INPUT naming the first offending field (all problems are listed in `extensions.problems`).
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    // GraphQL arguments arrive as 'body'; context, viewer and info parameters are left alone.
    // Only classes carry validation decorators; an enum argument's metatype can be the enum object itself.
    if (type !== 'body' || typeof metatype !== 'function' || PRIMITIVES.includes(metatype)) return value;
    if (value === null || value === undefined) return value;
    const instance = plainToInstance(metatype, value) as object;
    // No whitelisting: GraphQL itself rejects fields the input type does not declare.
    const errors = await validate(instance, { forbidUnknownValues: false });
    if (errors.length > 0) {
      // Argument objects (@Args() with an ArgsType) have no name of their own; their fields are top-level.
      const problems = flatten(errors, metadata.data ?? '').map((p) => ({ ...p, field: p.field.replace(/^\./, '') }));
      const [first] = problems;
      throw new StagebankError(ErrorCode.BAD_USER_INPUT, `${first.field}: ${first.message}`, first.field, problems);
    }
    return instance;
  }
}
