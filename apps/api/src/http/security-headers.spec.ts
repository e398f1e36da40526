import helmet from 'helmet';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HELMET_OPTIONS, securityHeaders } from './security-headers.js';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** The headers a real answer carries when `middleware` ran before it, in the order sent. */
async function answerHeaders(middleware: Middleware, path: string): Promise<[string, string][]> {
  const server = createServer((request, response) => {
    response.setHeader('X-Powered-By', 'Express');
    middleware(request, response, () => response.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'user-agent': 'Mozilla/5.0', accept: 'text/html' } });
    await answer.text();
    return [...answer.headers].filter(([name]) => name !== 'date');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('security headers', () => {
  test('every answer carries exactly the headers helmet itself would send, whatever the request', async () => {
    const ours = securityHeaders();
    const theirs = helmet(HELMET_OPTIONS) as unknown as Middleware;
    for (const path of ['/', '/docs', '/v1/stances?topic=aukus']) {
      const expected = await answerHeaders(theirs, path);
      expect(await answerHeaders(ours, path)).toEqual(expected);
    }
    const headers = new Map(await answerHeaders(ours, '/'));
    expect(headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    expect(headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.has('x-powered-by')).toBe(false);
  });
});
