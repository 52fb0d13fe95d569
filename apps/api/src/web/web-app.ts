import { Inject } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@stagebank/config';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { TokenService } from '../auth/token.service';
import { APP_CONFIG } from '../common/config.provider';
import { webAppDirectory } from '../common/web-app-directory';
import { WebRepository } from './web.repository';

/** Serves the web app at / (files, and index.html for the app's own paths); the API keeps /graphql, /health and /metrics. */
export function serveWebApp(app: NestExpressApplication): string | null {
  const dir = webAppDirectory();
  if (!dir) return null;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('cache-control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const api = ['/graphql', '/health', '/metrics'].some((path) => req.path.startsWith(path));
    if (req.method !== 'GET' || api || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return dir;
}

@ObjectType()
class DemoUser {
  @Field()
  label: string;

  @Field()
  token: string;
}

@ObjectType({ description: "The school account: the provider and the web app's public client (authorization code with PKCE)." })
class WebAppOidc {
  @Field()
  issuer: string;

  @Field()
  clientId: string;

  @Field()
  scope: string;
}

@ObjectType({ description: 'What the web app needs before sign-in.' })
class WebAppSettings {
  @Field(() => String, { nullable: true, description: 'Map tiles ({z}/{x}/{y}); null: markers on a plain background.' })
  mapTilesUrl: string | null;

  @Field(() => [DemoUser], {
    description: 'The demo users and their tokens: only for the demo on the embedded default, on loopback, without AUTH_TOKEN_SECRET.',
  })
  demoUsers: DemoUser[];

  @Field(() => WebAppOidc, { nullable: true, description: 'Sign-in with the school account (OIDC_WEB_CLIENT_ID); null: tokens only.' })
  oidc: WebAppOidc | null;
}

/** Public: the map tiles, the school-account sign-in, and on the embedded default the demo users. */
@Resolver()
export class WebAppResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WebRepository,
    private readonly tokens: TokenService,
  ) {}

  @Query(() => WebAppSettings)
  async webApp(): Promise<WebAppSettings> {
    const demoUsers = this.config.demoSignIn
      ? (await this.repository.demoMembers()).map((m) => ({ label: m.label, token: this.tokens.sign({ sub: m.userId, org: m.organisationId }) }))
      : [];
    const oidc = this.config.auth.oidc;
    return { mapTilesUrl: this.config.mapTilesUrl, demoUsers, oidc: oidc?.web ? { issuer: oidc.issuer, ...oidc.web } : null };
  }
}
