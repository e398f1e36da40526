import type { Request } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * The methods Express has routes for at this path, read off its router, so that a known
 * path with the wrong method answers 405 with `Allow` instead of 404.
 */
export function allowedMethods(request: Request): string[] {
  // Express 5's router layers (match(), route.methods) are not what @types/express describes.
  const router = (request.app as unknown as { router?: { stack: RouteLayer[] } }).router;
  const methods = new Set<string>();
  for (const layer of router?.stack ?? []) {
    // Middleware is mounted as catch-all routes ({/*splat}); only real endpoints count.
    if (!layer.route || layer.route.path.includes('*') || !layer.match(request.path)) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
