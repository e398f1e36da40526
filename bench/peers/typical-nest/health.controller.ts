import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class HealthController {
  /** Liveness: no database, as ours. */
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}
