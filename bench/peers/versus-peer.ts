import { httpRun, type HttpRequestSpec, type HttpRunResult } from '../lib/http.js';
import { combineHttp } from '../lib/http-rounds.js';
import { ratio } from '../lib/stats.js';

export interface PeerRounds {
  /** Our server's and the peer's base URLs. */
  ours: string;
  peer: string;
  /** POST /v1/statements on each side: the same bodies, in the same order. */
  ourPost: HttpRequestSpec;
  peerPost: HttpRequestSpec;
  /** GET /health/live: no database, the HTTP stack's own floor. */
  live: HttpRequestSpec;
  clients: number;
  postSeconds: number;
  floorSeconds: number;
  rounds: number;
  /** Run at the start of each round (the bench's INSERT baseline goes here, interleaved too). */
  beforeRound?: () => Promise<void>;
}

export interface PeerComparison {
  post: HttpRunResult;
  peerPost: HttpRunResult;
  floor: HttpRunResult;
  peerFloor: HttpRunResult;
}

/**
 * Our POST against the typical NestJS peer's, then both GET /health/live, in interleaved
 * rounds: ours first in even rounds and the peer first in odd ones, so that neither side
 * always runs on the quieter machine. Each run has a 1 s warm-up whose numbers are dropped.
 */
export async function versusPeer(o: PeerRounds): Promise<PeerComparison> {
  const runs = { post: [] as HttpRunResult[], peerPost: [] as HttpRunResult[], floor: [] as HttpRunResult[], peerFloor: [] as HttpRunResult[] };
  for (let round = 0; round < o.rounds; round++) {
    await o.beforeRound?.();
    const pair = async (ours: () => Promise<void>, theirs: () => Promise<void>) => {
      for (const side of round % 2 === 0 ? [ours, theirs] : [theirs, ours]) await side();
    };
    await pair(
      async () => void runs.post.push(await httpRun(o.ours, o.ourPost, o.clients, o.postSeconds, 1)),
      async () => void runs.peerPost.push(await httpRun(o.peer, o.peerPost, o.clients, o.postSeconds, 1)),
    );
    await pair(
      async () => void runs.floor.push(await httpRun(o.ours, o.live, o.clients, o.floorSeconds, 1)),
      async () => void runs.peerFloor.push(await httpRun(o.peer, o.live, o.clients, o.floorSeconds, 1)),
    );
  }
  return { post: combineHttp(runs.post), peerPost: combineHttp(runs.peerPost), floor: combineHttp(runs.floor), peerFloor: combineHttp(runs.peerFloor) };
}

/** The lines issue 18 asks every run to print: our requests/s ÷ the peer's, for the POST and for the floor. */
export function peerLines(c: PeerComparison): string[] {
  return [
    `POST /v1/statements vs typical NestJS peer: ${ratio(c.post.opsPerSec, c.peerPost.opsPerSec)}×`,
    `GET /health/live vs typical NestJS peer: ${ratio(c.floor.opsPerSec, c.peerFloor.opsPerSec)}×`,
  ];
}
