/** Small helpers shared by the benchmark scripts (timing, memory, scale). */
import { fileURLToPath } from 'node:url';

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

/** One row of `npm run bench -- --summary` (bench/run.ts collects the `SUMMARY {json}` lines). */
export interface SummaryRow {
  /** The table row, e.g. `'implicit ALS'`. */
  kernel: string;
  /** The data size this run used, e.g. `'10,000 × 2,000 × 200,000, 64 f, 15 it'`. */
  scale: string;
  /** telcokit's figure with its unit. */
  telcokit: string;
  /** The reference measured in the same run, with its name. */
  reference: string;
  /** telcokit's time over the reference's time (> 1: telcokit slower), or undefined when the reference was skipped. */
  ratio: number | undefined;
  /** The target for the ratio, as text. */
  target: string;
  /** Whether `ratio` meets the target (undefined when not measured). */
  met: boolean | undefined;
}

/** Prints one summary row as a `SUMMARY {json}` line for bench/run.ts. */
export function summary(row: SummaryRow): void {
  console.log(`SUMMARY ${JSON.stringify(row)}`);
}

/** The repository root (bench/..), so `../shared` resolves from any checkout. */
export const REPO_ROOT = new URL('../', import.meta.url);

/** A path under the shared folder beside the repository (`<repo>/../shared/<rel>`). */
export function sharedPath(rel: string): string {
  return fileURLToPath(new URL(`../shared/${rel}`, REPO_ROOT));
}
