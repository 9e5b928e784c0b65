/**
 * Fuzzy name matching for "did you mean …?" hints: unknown tag names in audience expressions,
 * unknown option keys. Internal; never re-exported from the package.
 */

/**
 * Levenshtein edit distance between `a` and `b`: the fewest single-character insertions,
 * deletions and substitutions turning one into the other (V. I. Levenshtein, 1966), computed by
 * the two-row dynamic programme in O(|a|·|b|) time and O(|b|) memory.
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The known name nearest to `name` (case-insensitive Levenshtein distance; ties go to the
 * name first in code-unit order), when near enough to be a typo: at most
 * max(2, ⌈|name| / 3⌉) edits. Otherwise `undefined`.
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    const d = levenshtein(lower, k.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}

/** `"; did you mean 'x'?"` when a known name is near `name`, else the empty string. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const near = nearestName(name, known);
  return near === undefined ? '' : `; did you mean '${near}'?`;
}
