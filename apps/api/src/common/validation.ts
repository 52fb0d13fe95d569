import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { normalisePostcode } from '@stagebank/domain';
import { ArrayMaxSize, MaxLength, ValidateBy, ValidateNested } from 'class-validator';

/** Validate a nested input object (or each element of a list of them) with its own decorators. */
export const Nested = (type: () => new () => object) => applyDecorators(ValidateNested(), Type(type));

/** A list of short labels (tasks, interests, werkprocessen): at most `max` items of at most 200 characters. */
export const LabelList = (max = 50) => applyDecorators(ArrayMaxSize(max), MaxLength(200, { each: true }));

/** A Dutch postcode in any common spelling ("1234 AB", "1234ab"); the service stores it normalised. */
export const IsDutchPostcode = () =>
  ValidateBy({
    name: 'isDutchPostcode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && normalisePostcode(value) !== null,
      defaultMessage: () => 'must be a Dutch postcode such as "1234 AB"',
    },
  });
