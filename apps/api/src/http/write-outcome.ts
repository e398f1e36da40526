import type { Response } from 'express';

/** What a command handler answers; the controller copies it onto the HTTP response. */
export interface WriteOutcome<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export function send<T>(response: Response, outcome: WriteOutcome<T>): T {
  response.status(outcome.status);
  for (const [name, value] of Object.entries(outcome.headers)) response.setHeader(name, value);
  return outcome.body;
}
