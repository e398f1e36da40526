import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { webAppDir } from '@app/platform';
import type { Response } from 'express';
import { Problem } from '../http/problem.js';
import { loadWebAssets, WEB_CSP, type WebAsset, type WebAssets } from './web-assets.js';

/**
 * The browser view (apps/web, built into dist/web by `npm run build`): `GET /` is its page,
 * `GET /ui/<file>` its bundled scripts and styles. No token: the files hold no data (the
 * page asks the API for it with the token the user signs in with). Every other path outside
 * /v1 stays the 404 problem, as does a file the build did not write.
 */
@Controller()
@ApiExcludeController()
export class WebController {
  private readonly assets: WebAssets | null;

  constructor() {
    const dir = webAppDir();
    this.assets = dir ? loadWebAssets(dir) : null;
  }

  @Get()
  index(@Res() response: Response): void {
    if (!this.assets) throw new Problem('not-found', 'the browser view is not built: run `npm run build`');
    send(response, this.assets.index);
  }

  @Get('ui/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const asset = this.assets?.ui.get(file);
    if (!asset) throw new Problem('not-found', `no such file of the browser view: /ui/${file}`);
    send(response, asset);
  }
}

function send(response: Response, asset: WebAsset): void {
  // Stricter than the policy helmet gives every answer (which lets /docs run Swagger UI's inline script).
  response.set({ 'Content-Type': asset.type, 'Cache-Control': asset.cacheControl, 'Content-Security-Policy': WEB_CSP });
  response.send(asset.body);
}
