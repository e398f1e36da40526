import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/**
 * helmet's options for this server. The CSP allows what the /docs page (Swagger UI) needs.
 * Without helmet's default `upgrade-insecure-requests`: this server only ever speaks plain
 * HTTP (TLS, where there is any, ends at a proxy, which may add the directive itself), and
 * with it a browser that opens http://<host>:3000/docs fetches the page's own scripts over
 * https — where nothing answers — and shows a blank page.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
  },
} as const;

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * helmet's headers, worked out once: with these options they do not depend on the request
 * (no nonce, no function directive), yet helmet rebuilds each of them — the CSP text
 * included — on every request. Here helmet runs once against a recording response, and every
 * answer then gets the same names and values, set in the same order, byte for byte.
 */
export function securityHeaders(): Middleware {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  // A real response (never sent) whose setHeader and removeHeader record helmet's calls as made.
  const request = new IncomingMessage(new Socket());
  request.method = 'GET';
  request.url = '/';
  const recorder = new ServerResponse(request);
  recorder.setHeader = (name, value) => {
    headers.push([name, String(value)]);
    return recorder;
  };
  recorder.removeHeader = (name) => {
    removed.push(name);
  };
  let failure: unknown;
  helmet(HELMET_OPTIONS)(request, recorder, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  return (_request, response, next) => {
    for (const name of removed) response.removeHeader(name);
    for (let i = 0; i < headers.length; i++) response.setHeader(headers[i][0], headers[i][1]);
    next();
  };
}
