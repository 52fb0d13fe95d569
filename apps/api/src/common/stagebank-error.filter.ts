import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { StagebankError } from './stagebank.error';

/** Expected errors go to the client as they are (formatted by formatGraphQLError), without an error log. */
@Catch(StagebankError)
export class StagebankErrorFilter implements GqlExceptionFilter {
  catch(error: StagebankError): StagebankError {
    return error;
  }
}
