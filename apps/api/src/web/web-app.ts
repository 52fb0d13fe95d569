import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@stagebank/config';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { demoMembers } from '../../../../seeds/demo-seed';
import { TokenService } from '../auth/token.service';
import { APP_CONFIG } from '../config.provider';

/** The built web app (dist/web), whether the API runs from dist/ or from the sources (tests). */
export function webAppDirectory(): string | null {
  const candidates = [join(__dirname, '../../../../web'), join(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** Serves the web app at / (files, and index.html for the app's own paths); the API keeps /graphql and /health. */
export function serveWebApp(app: NestExpressApplication): string | null {
  const dir = webAppDirectory();
  if (!dir) return null;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('cache-control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const api = req.path.startsWith('/graphql') || req.path.startsWith('/health') || req.path.startsWith('/demo-users') || req.path.startsWith('/web-config');
    if (req.method !== 'GET' || api || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return dir;
}

/** What the web app needs to know before sign-in: where map tiles come from. */
@Controller('web-config')
export class WebConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  get(): { mapTilesUrl: string | null } {
    return { mapTilesUrl: this.config.mapTilesUrl };
  }
}

/** The demo users' tokens for the sign-in screen: only with the demo data, and never in production. */
@Controller('demo-users')
export class DemoUsersController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly tokens: TokenService,
  ) {}

  @Get()
  async list(): Promise<Array<{ label: string; token: string }>> {
    if (!this.config.seedDemo || this.config.env === 'production') throw new NotFoundException();
    return (await demoMembers(this.db)).map((m) => ({ label: m.label, token: this.tokens.sign({ sub: m.userId, org: m.organisationId }) }));
  }
}
