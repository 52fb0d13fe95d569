import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsPlugin } from './metrics.plugin';

/** `GET /metrics` and the GraphQL plugin timing operations; the Metrics registry itself is in the core. */
@Module({ controllers: [MetricsController], providers: [MetricsPlugin] })
export class MetricsModule {}
