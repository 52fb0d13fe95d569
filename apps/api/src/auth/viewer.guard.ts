import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ApiKeyScope } from '@stagebank/domain';
import { StagebankError } from '../common/stagebank.error';
import { Authenticator } from './authenticator';
import { RequestWithViewer } from './viewer';

/**
 * Resolves the caller into a Viewer once per request (Authenticator). No token: anonymous
 * (resolvers that need a viewer refuse). A read-only API key may not run a mutation.
 */
@Injectable()
export class ViewerGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<{ req: RequestWithViewer & { viewerResolved?: boolean } }>().req;
    if (!req.viewerResolved) {
      req.viewer = (await this.authenticator.authenticate(req.headers)) ?? undefined;
      req.viewerResolved = true;
    }
    if (req.viewer?.apiKey?.scope === ApiKeyScope.READ && gql.getInfo().operation.operation === 'mutation') {
      throw StagebankError.forbidden('This API key may only read');
    }
    return true;
  }
}
