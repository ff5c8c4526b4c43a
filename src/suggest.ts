/** Edit distance where an adjacent transposition counts as one edit (`inti` → `init` is 1). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Similarity in [0, 1] (1 = equal), comparable to difflib's ratio for short names. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

/**
 * The known name closest to `input`, or undefined when nothing is close enough
 * (cutoff 0.6, as the reference's did-you-mean hints). Ties keep the first candidate.
 */
export function nearest(input: string, candidates: Iterable<string>, cutoff = 0.6): string | undefined {
  let best: string | undefined;
  let bestScore = cutoff;
  const lowered = input.toLowerCase();
  for (const candidate of candidates) {
    const score = similarity(lowered, candidate.toLowerCase());
    if (score > bestScore || (score === bestScore && best === undefined && score >= cutoff)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** `; did you mean 'x'?` or the empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = nearest(input, candidates);
  return match === undefined ? "" : `; did you mean '${match}'?`;
}
