import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';

/**
 * In GraphQL, every error goes on to Apollo as it is, and formatGraphQLError decides how it is
 * answered and logged, once: client mistakes (a StagebankError, or a rule the database enforced)
 * at most at warn, faults at error. Nest's default handler would log every non-HTTP exception at
 * error first, so a duplicate key from a client was logged twice as a server fault. Outside
 * GraphQL (health, metrics) Nest's default handling stays.
 */
@Catch()
export class StagebankErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    return super.catch(error, host);
  }
}
