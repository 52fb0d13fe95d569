import { Injectable, PipeTransform } from '@nestjs/common';
import { Args, ID } from '@nestjs/graphql';
import { isUUID } from 'class-validator';
import { StagebankError } from './stagebank.error';

@Injectable()
class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!isUUID(value)) throw StagebankError.badInput(this.field, 'not a valid id');
    return value;
  }
}

/** An `ID!` argument that must be a UUID; anything else is BAD_USER_INPUT naming the argument. */
export const IdArg = (name = 'id') => Args(name, { type: () => ID }, new UuidPipe(name));
