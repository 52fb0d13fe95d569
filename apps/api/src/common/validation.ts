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

/**
 * Standard base64 with padding, as class-validator's IsBase64 accepts it, checked by a loop over the
 * characters. IsBase64 runs a regular expression over the whole value, and on an upload of megabytes
 * V8's backtracking stack can run out (RangeError: Maximum call stack size exceeded), depending on
 * the process's state: CI's long test process met it on a 6.4 MB file, a request the service must
 * answer with a coded error. This costs one pass and no stack.
 */
export function isPaddedBase64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length % 4 !== 0) return false;
  if (value.length === 0) return true;
  let end = value.length;
  for (let pad = 0; pad < 2 && value.charCodeAt(end - 1) === 0x3d /* = */; pad++) end--;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  return true;
}

/** An uploaded file as base64 (isPaddedBase64): linear in its size, whatever the size. */
export const IsBase64File = (message: string) => ValidateBy({ name: 'isBase64File', validator: { validate: isPaddedBase64, defaultMessage: () => message } });
