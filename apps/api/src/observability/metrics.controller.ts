import { Controller, Get, Header } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiPublic, ApiSummary } from '../openapi/decorators.js';
import { Metrics } from './metrics.js';

@Controller('metrics')
@ApiPublic('operations')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiSummary('Prometheus metrics', 'Requests by route and status, append batch sizes, projection lag, events total. No token.')
  @ApiResponse({
    status: 200,
    description: 'The Prometheus text exposition format.',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
