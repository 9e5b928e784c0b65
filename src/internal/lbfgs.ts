/**
 * Limited-memory BFGS minimisation (Nocedal 1980; Liu & Nocedal 1989; Nocedal & Wright, Numerical
 * Optimization, 2nd ed., Algorithm 7.4 and 7.5): the two-loop recursion builds d = −H∇f from the
 * last `memory` pairs (sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ), H₀ = γI with γ = sᵀy / yᵀy, then a
 * backtracking Armijo line search (f(x + t d) ≤ f(x) + 10⁻⁴ t ∇fᵀd, t halved up to 40 times).
 * A pair with sᵀy ≤ 10⁻¹² is skipped (curvature condition); a non-descent direction restarts from
 * steepest descent. Internal: the churn logistic learner is its first user.
 */
import { throwIfAborted } from './model.js';
import type { Progress } from '../long-run.js';

/** Settings of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Iterations (accepted or failed line searches) at most. */
  readonly maxIter: number;
  /** Converged when `gradientNorm()` ≤ tol. */
  readonly tol: number;
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
  /**
   * The convergence measure at the point last passed to `evaluate` (default: max |∇f| of that
   * point). The logistic learner measures its gradient in the original feature units.
   */
  readonly gradientNorm?: () => number;
  /** Checked before each iteration; the minimiser then throws `AbortError` naming `fn`. */
  readonly signal?: AbortSignal | undefined;
  /** Public function name for the abort message. */
  readonly fn: string;
  /** After each accepted iteration: `{ stage: 'iteration', done, total: maxIter, metrics: { loss, gradientNorm, evaluations } }`. */
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

/** What {@link minimizeLbfgs} returns. Non-convergence is data: `converged: false`. */
export interface LbfgsResult {
  readonly x: Float64Array;
  /** f(x). */
  readonly f: number;
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** The gradient test passed, or f stopped decreasing in double precision (relative change ≤ 10⁻¹⁵). */
  readonly converged: boolean;
}

function maxAbs(v: Float64Array): number {
  let mx = 0;
  for (let k = 0; k < v.length; k++) mx = Math.max(mx, Math.abs(v[k]!));
  return mx;
}

/** d = −H g by the two-loop recursion over the stored pairs (H₀ = γI from the newest pair). */
function twoLoop(g: Float64Array, S: readonly Float64Array[], Y: readonly Float64Array[], rho: readonly number[], alphaBuf: Float64Array, dir: Float64Array): void {
  const d = g.length;
  for (let k = 0; k < d; k++) dir[k] = -g[k]!;
  const h = S.length;
  for (let t = h - 1; t >= 0; t--) {
    let a = 0;
    for (let k = 0; k < d; k++) a += S[t]![k]! * dir[k]!;
    a *= rho[t]!;
    alphaBuf[t] = a;
    for (let k = 0; k < d; k++) dir[k]! -= a * Y[t]![k]!;
  }
  if (h > 0) {
    let yy = 0;
    let sy = 0;
    for (let k = 0; k < d; k++) {
      yy += Y[h - 1]![k]! ** 2;
      sy += S[h - 1]![k]! * Y[h - 1]![k]!;
    }
    const gamma = sy / yy;
    for (let k = 0; k < d; k++) dir[k]! *= gamma;
  }
  for (let t = 0; t < h; t++) {
    let bta = 0;
    for (let k = 0; k < d; k++) bta += Y[t]![k]! * dir[k]!;
    bta *= rho[t]!;
    for (let k = 0; k < d; k++) dir[k]! += S[t]![k]! * (alphaBuf[t]! - bta);
  }
}

/**
 * Minimises a smooth f from `x0` by L-BFGS. `evaluate(x, grad)` returns f(x) and writes ∇f(x)
 * into `grad`; it is called on the start, then on each trial point of the line search.
 *
 * @param evaluate - f and its gradient; x and grad have length d
 * @param x0 - start (not modified)
 * @param options - iteration cap, tolerance, memory, progress and abort
 * @returns the last accepted point with its value, gradient measure and counts
 */
export function minimizeLbfgs(
  evaluate: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const d = x0.length;
  const M = options.memory ?? 10;
  let g = new Float64Array(d);
  const norm = options.gradientNorm ?? ((): number => maxAbs(g));
  let x = new Float64Array(x0);
  let f = evaluate(x, g);
  let gnorm = norm();
  const S_hist: Float64Array[] = [];
  const Y_hist: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(d);
  const alphaBuf = new Float64Array(M);
  let iterations = 0;
  let evaluations = 1;
  let converged = gnorm <= options.tol;
  const xNew = new Float64Array(d);
  let gNew = new Float64Array(d);
  while (!converged && iterations < options.maxIter) {
    throwIfAborted(options.signal, options.fn);
    twoLoop(g, S_hist, Y_hist, rho, alphaBuf, dir);
    const h = S_hist.length;
    let slope = 0;
    for (let k = 0; k < d; k++) slope += dir[k]! * g[k]!;
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      S_hist.length = 0;
      Y_hist.length = 0;
      rho.length = 0;
      slope = 0;
      for (let k = 0; k < d; k++) {
        dir[k] = -g[k]!;
        slope -= g[k]! * g[k]!;
      }
    }
    // backtracking Armijo line search
    let step = h === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < d; k++) xNew[k] = x[k]! + step * dir[k]!;
      fNew = evaluate(xNew, gNew);
      evaluations++;
      if (fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iterations++;
    if (!accepted) {
      // no decrease possible at machine precision: stop where we are
      evaluate(x, g);
      gnorm = norm();
      converged = gnorm <= options.tol;
      break;
    }
    const sv = new Float64Array(d);
    const yv = new Float64Array(d);
    let sy = 0;
    for (let k = 0; k < d; k++) {
      sv[k] = xNew[k]! - x[k]!;
      yv[k] = gNew[k]! - g[k]!;
      sy += sv[k]! * yv[k]!;
    }
    if (sy > 1e-12) {
      if (S_hist.length === M) {
        S_hist.shift();
        Y_hist.shift();
        rho.shift();
      }
      S_hist.push(sv);
      Y_hist.push(yv);
      rho.push(1 / sy);
    }
    const fPrev = f;
    x = new Float64Array(xNew);
    const swapG = g;
    g = gNew;
    gNew = swapG;
    f = fNew;
    gnorm = norm();
    options.onProgress?.({ stage: 'iteration', done: iterations, total: options.maxIter, metrics: { loss: f, gradientNorm: gnorm, evaluations } });
    if (gnorm <= options.tol) converged = true;
    else if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= 1e-15) {
      converged = true; // no further progress possible in double precision (scikit-learn's factr test)
    }
  }
  return { x, f, gradientNorm: gnorm, iterations, evaluations, converged };
}
