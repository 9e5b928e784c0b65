/** Small helpers shared by the benchmark scripts (timing, memory, scale). */

/** Multiplies benchmark sizes (env BENCH_SCALE, default 1). */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1');

/** `n` scaled by BENCH_SCALE, at least 1. */
export function scaled(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

/** Runs `fn` once and returns its result with wall-clock seconds. */
export function time<T>(fn: () => T): { result: T; seconds: number } {
  const t0 = performance.now();
  const result = fn();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

/** Median seconds of `repeats` runs of `fn`. */
export function medianSeconds(fn: () => unknown, repeats = 3): number {
  const ts: number[] = [];
  for (let r = 0; r < repeats; r++) ts.push(time(fn).seconds);
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

/** Samples RSS while `fn` runs (synchronous work: sampled before and after; use peakRssMB for the process peak). */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Formats a figure with a fixed number of significant digits. */
export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toLocaleString('en-US') : String(x);
}

/** Prints a small aligned table. */
export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}
