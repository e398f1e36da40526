import type { Request } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * Express 5's router (`app.router`, its layers' `match()` and `route.methods`) is not what
 * @types/express describes: checked at run time rather than cast, so that an Express that
 * changes it answers 404 as before instead of throwing.
 */
function routerLayers(app: object): RouteLayer[] {
  const router: unknown = Reflect.get(app, 'router');
  // The router is a function (a middleware) with a `stack` of layers.
  const stack: unknown = typeof router === 'function' ? Reflect.get(router, 'stack') : undefined;
  return Array.isArray(stack) ? stack.filter(isRouteLayer) : [];
}

function isRouteLayer(layer: unknown): layer is RouteLayer {
  return typeof layer === 'object' && layer !== null && typeof Reflect.get(layer, 'match') === 'function';
}

/**
 * The methods Express has routes for at this path, read off its router, so that a known
 * path with the wrong method answers 405 with `Allow` instead of 404.
 */
export function allowedMethods(request: Request): string[] {
  const methods = new Set<string>();
  for (const layer of routerLayers(request.app)) {
    // Middleware is mounted as catch-all routes ({/*splat}); only real endpoints count.
    if (!layer.route || layer.route.path.includes('*') || !layer.match(request.path)) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
