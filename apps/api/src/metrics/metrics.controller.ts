import { Controller, ForbiddenException, Get, Header, Headers, Inject, UnauthorizedException } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../common/config.provider';
import { Metrics } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `GET /metrics` in Prometheus's text format. With METRICS_TOKEN, only for `Authorization: Bearer
 * <token>`; without, only where nobody else can reach it: a loopback host outside production.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.metricsToken;
    if (token) {
      const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
      const wanted = Buffer.from(token);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new UnauthorizedException('METRICS_TOKEN required');
    } else if (this.config.env === 'production' || !LOOPBACK.has(this.config.host)) {
      throw new ForbiddenException('Set METRICS_TOKEN to expose /metrics');
    }
    return this.metrics.registry.metrics();
  }
}
