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
  const denominator = MAX_DISTANCE * shared;
  const numerator = denominator - distance;
  // round(n/d · 10⁴) half up = floor((2·10⁴·n + d) / 2d); every term is an integer far below 2^53.
  const twice = 2 * 10_000 * numerator + denominator;
  const units = (twice - (twice % (2 * denominator))) / (2 * denominator);
  return units / 10_000;
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
  // A pair (i < j) is i · |holders| + j: a number key, cheaper than a string per pair and key.
  const pairs = new Map<number, { shared: number; distance: number }>();
  for (const group of byKey.values()) {
    const ranked = group.map((stance) => ({ stance, index: indexOf.get(stance.holder)! })).sort((x, y) => x.index - y.index);
    for (let i = 0; i < ranked.length; i++) {
      const first = ranked[i].stance;
      for (let j = i + 1; j < ranked.length; j++) {
        const second = ranked[j].stance;
        if (first.utteranceId !== null && first.utteranceId === second.utteranceId) continue;
        const id = ranked[i].index * holders.length + ranked[j].index;
        const pair = pairs.get(id);
        const distance = Math.abs(first.score - second.score);
        if (pair) {
          pair.shared++;
          pair.distance += distance;
        } else pairs.set(id, { shared: 1, distance });
      }
    }
  }
  const items: HolderAlignment[] = [];
  for (const [id, { shared, distance }] of pairs) {
    if (shared < minShared) continue;
    const a = holders[Math.floor(id / holders.length)];
    const b = holders[id % holders.length];
    items.push({ a, b, shared, agreement: meanAgreement(shared, distance) });
  }
  return items.sort((x, y) => y.agreement - x.agreement || y.shared - x.shared || compareText(x.a, y.a) || compareText(x.b, y.b));
}
