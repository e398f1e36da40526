/** A stance as alignment reads it: its key (topic, target), its holder, its score, and the utterance of the statement it rests on. */
export interface AlignableStance {
  holder: string;
  topic: string;
  target: string | null;
  score: number;
  /** The `utteranceId` of the stance's last statement, or null. */
  utteranceId: string | null;
}

/** How far two holders agree over the (topic, target) keys where both hold a stance. */
export interface HolderAlignment {
  a: string;
  b: string;
  shared: number;
  agreement: number;
}

/** The widest gap between two scores (opposes −2 to supports +2): agreement 0. */
const MAX_DISTANCE = 4;

/**
 * The mean of 1 − |Δscore| / 4 over `shared` keys whose |Δscore| add up to `distance`,
 * rounded half away from zero to 4 decimals. The mean is the fraction
 * (4·shared − distance) / (4·shared), rounded in integers: a float mean can land just
 * below a .5 that is exact in decimal (0.78875 over 200 keys) and round the wrong way.
 */
export function meanAgreement(shared: number, distance: number): number {
  return agreementUnits(shared, distance) / UNITS;
}

/** Ten-thousandths: the answer's 4 decimals. */
const UNITS = 10_000;

/** The rounded mean agreement in ten-thousandths, an integer 0–10000. */
function agreementUnits(shared: number, distance: number): number {
  const denominator = MAX_DISTANCE * shared;
  const numerator = denominator - distance;
  // round(n/d · 10⁴) half up = floor((2·10⁴·n + d) / 2d); every term is an integer far below 2^53.
  const twice = 2 * UNITS * numerator + denominator;
  return (twice - (twice % (2 * denominator))) / (2 * denominator);
}

/** Holders are country codes and slugs, both ASCII: UTF-16 order is code point order. */
const compareText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Every pair of holders a < b (code point order) with at least `minShared` keys where both
 * hold a stance, a key left out when both stances rest on statements of one utterance (they
 * agree by construction); ordered by agreement descending, then shared descending, a, b.
 */
export function alignmentOf(stances: Iterable<AlignableStance>, minShared = 1): HolderAlignment[] {
  const byKey = new Map<string, AlignableStance[]>();
  const holderSet = new Set<string>();
  for (const stance of stances) {
    holderSet.add(stance.holder);
    // A target is never the empty string, so '' stands for none without colliding.
    const key = `${stance.topic}\u0000${stance.target ?? ''}`;
    const group = byKey.get(key);
    if (group) group.push(stance);
    else byKey.set(key, [stance]);
  }
  const holders = [...holderSet].sort(compareText);
  const indexOf = new Map(holders.map((holder, index) => [holder, index]));
  const count = holders.length;
  const pairs = pairTotals(count);
  for (const group of byKey.values()) {
    // Flat arrays in holder order, so that the n² inner loop reads numbers, not objects.
    group.sort((x, y) => indexOf.get(x.holder)! - indexOf.get(y.holder)!);
    const index = group.map((stance) => indexOf.get(stance.holder)!);
    const score = group.map((stance) => stance.score);
    const utterance = group.map((stance) => stance.utteranceId);
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (utterance[i] !== null && utterance[i] === utterance[j]) continue;
        pairs.add(index[i] * count + index[j], Math.abs(score[i] - score[j]));
      }
    }
  }
  // The answer's order without a comparator: pairs visited by ascending id (i · count + j,
  // which is a then b in code point order) fall into buckets of one (agreement, shared),
  // and the buckets go by that rank, one integer — units · 2³² + shared — sorted natively.
  const buckets = new Map<number, number[]>();
  pairs.forEachAscending((id, shared, distance) => {
    if (shared < minShared) return;
    const rank = agreementUnits(shared, distance) * SHARED_SPAN + shared;
    const bucket = buckets.get(rank);
    if (bucket) bucket.push(id);
    else buckets.set(rank, [id]);
  });
  const items: HolderAlignment[] = [];
  for (const rank of Float64Array.from(buckets.keys()).sort().reverse()) {
    const [agreement, shared] = [Math.floor(rank / SHARED_SPAN) / UNITS, rank % SHARED_SPAN];
    for (const id of buckets.get(rank)!) items.push({ a: holders[Math.floor(id / count)], b: holders[id % count], shared, agreement });
  }
  return items;
}

/** Shared counts stay below 2³² (the dense totals are 32-bit): a rank of 10000 · 2³² + shared is an exact float. */
const SHARED_SPAN = 2 ** 32;

/** Below this many holder pairs (1024 holders), the totals sit in two flat arrays of 4 MB each; above, in a map of the pairs met. */
const DENSE_PAIRS = 1 << 20;

/** Per pair id (i · holders + j): how many keys it shares and the sum of their score gaps. */
function pairTotals(holderCount: number) {
  const size = holderCount * holderCount;
  if (size <= DENSE_PAIRS) {
    const shared = new Uint32Array(size);
    const distance = new Uint32Array(size);
    return {
      add(id: number, gap: number) {
        shared[id]++;
        distance[id] += gap;
      },
      forEachAscending(visit: (id: number, shared: number, distance: number) => void) {
        for (let id = 0; id < size; id++) if (shared[id] > 0) visit(id, shared[id], distance[id]);
      },
    };
  }
  const totals = new Map<number, { shared: number; distance: number }>();
  return {
    add(id: number, gap: number) {
      const pair = totals.get(id);
      if (pair) {
        pair.shared++;
        pair.distance += gap;
      } else totals.set(id, { shared: 1, distance: gap });
    },
    forEachAscending(visit: (id: number, shared: number, distance: number) => void) {
      for (const id of Float64Array.from(totals.keys()).sort()) {
        const pair = totals.get(id)!;
        visit(id, pair.shared, pair.distance);
      }
    },
  };
}
