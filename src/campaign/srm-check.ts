/**
 * `srmCheck`: sample-ratio mismatch, the first check of any A/B readout.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { chiSquareSf } from '../internal/stats.js';
import { defineOptions, real } from '../internal/options.js';
import { requireArray } from '../internal/guards.js';

const parseSrmCheckOptions = defineOptions('srmCheck', { threshold: real({ gt: 0, lt: 1 }).default(0.001) });

/** Options of {@link srmCheck}. @category Campaign */
export interface SrmCheckOptions {
  /** p-value below which the split is flagged. Default 0.001 (GrowthBook's threshold), in (0, 1). */
  readonly threshold?: number;
}

/** What {@link srmCheck} returns. @category Campaign */
export interface SrmCheckResult {
  /** Pearson's χ² = Σ (observed − expected)² / expected. */
  readonly chiSquare: number;
  /** Degrees of freedom, arms − 1. */
  readonly df: number;
  readonly pValue: number;
  /** True when pValue < threshold: the delivered split does not match the design; distrust the readout. */
  readonly mismatch: boolean;
  /** Expected count per arm, total × share. */
  readonly expected: number[];
}

/**
 * Sample-ratio mismatch test: Pearson's χ² goodness of fit of the delivered arm sizes against the
 * designed shares, `χ² = Σᵢ (oᵢ − N sᵢ)² / (N sᵢ)` on k − 1 degrees of freedom; flagged when
 * p < 0.001 (GrowthBook's default), since a mismatch usually means broken delivery or logging,
 * which biases every figure of the test (scipy `chisquare`).
 *
 * @param observed - subscribers delivered per arm (non-negative integers, ≥ 2 arms)
 * @param shares - designed share per arm, same order, each in (0, 1), summing to 1 (± 1e-9)
 * @param options - `threshold` (default 0.001)
 * @returns χ², df, p-value, the mismatch flag and the expected counts
 * @throws DimensionError when the lengths differ; DataError for bad counts or a total of 0;
 *   OptionsError for shares that are not in (0, 1) or do not sum to 1, or a bad threshold
 * @example
 * srmCheck([52_000, 48_000], [0.5, 0.5]).mismatch // => true
 * srmCheck([50_100, 49_900], [0.5, 0.5]).mismatch // => false
 * @category Campaign
 */
export function srmCheck(observed: ArrayLike<number>, shares: ArrayLike<number>, options: SrmCheckOptions = {}): SrmCheckResult {
  const fn = 'srmCheck';
  const { threshold } = parseSrmCheckOptions(options);
  requireArray(fn, 'observed', observed, 'of counts');
  requireArray(fn, 'shares', shares, 'of shares');
  const k = observed.length;
  if (shares.length !== k) throw new DimensionError(`${fn}: ${k} observed counts for ${shares.length} shares`);
  if (k < 2) throw new DataError(`${fn}: needs at least 2 arms, got ${k}`);
  let total = 0;
  let shareSum = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i]!;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) throw new DataError(`${fn}: observed count ${i} is ${String(o)}; expected a non-negative integer`);
    const s = shares[i]!;
    if (typeof s !== 'number' || !(s > 0 && s < 1)) throw new OptionsError(`${fn}: share ${i} is ${String(s)}; each share must be in (0, 1)`, 'shares');
    total += o;
    shareSum += s;
  }
  if (Math.abs(shareSum - 1) > 1e-9) throw new OptionsError(`${fn}: shares sum to ${shareSum}, expected 1`, 'shares');
  if (total === 0) throw new DataError(`${fn}: no subscribers delivered`);
  const expected: number[] = [];
  let chi = 0;
  for (let i = 0; i < k; i++) {
    const e = (total * shares[i]!) / shareSum;
    expected.push(e);
    chi += (observed[i]! - e) ** 2 / e;
  }
  const pValue = chiSquareSf(chi, k - 1);
  return { chiSquare: chi, df: k - 1, pValue, mismatch: pValue < threshold, expected };
}
