import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { MembershipEntity } from '@stagebank/persistence';
import { Repository } from 'typeorm';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { TokenService } from './token.service';
import { RequestWithViewer } from './viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves the bearer token into a Viewer once per request. No token: anonymous (resolvers that
 * need a viewer refuse). A bad token, or one for an organisation the user no longer belongs to: UNAUTHENTICATED.
 */
@Injectable()
export class ViewerGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const req = GqlExecutionContext.create(context).getContext<{ req: RequestWithViewer }>().req;
    if (req.viewer) return true;
    const header = req.headers.authorization;
    if (header === undefined) return true;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const claims = match ? this.tokens.verify(match[1]) : null;
    if (!claims || !UUID.test(claims.sub) || !UUID.test(claims.org)) {
      throw new StagebankError(ErrorCode.UNAUTHENTICATED, 'The bearer token is invalid or expired');
    }
    const membership = await this.memberships.findOne({
      where: { userId: claims.sub, organisationId: claims.org },
      relations: { organisation: true },
    });
    if (!membership) throw new StagebankError(ErrorCode.UNAUTHENTICATED, 'The token names an organisation this user does not belong to');
    req.viewer = {
      userId: membership.userId,
      organisationId: membership.organisationId,
      organisationKind: membership.organisation.kind,
      role: membership.role,
    };
    return true;
  }
}
