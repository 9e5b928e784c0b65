import { describe, expect, test } from 'vitest';
import { AbortError } from 'telcokit';
import { minimizeLbfgs } from '../../src/internal/lbfgs.js';

/** Rosenbrock's function f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1). */
function rosenbrock(x: Float64Array, g: Float64Array): number {
  const a = x[0]!;
  const b = x[1]!;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}

describe('minimizeLbfgs', () => {
  test('minimizeLbfgs finds the Rosenbrock minimum (1, 1) from the classic start (−1.2, 1)', () => {
    const x0 = Float64Array.from([-1.2, 1]);
    const r = minimizeLbfgs(rosenbrock, x0, { maxIter: 200, tol: 1e-8, fn: 'test' });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.f).toBeLessThan(1e-12);
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-8);
    expect(r.iterations).toBeLessThan(100); // steepest descent needs thousands
    expect(r.evaluations).toBeGreaterThan(r.iterations);
    expect(Array.from(x0)).toEqual([-1.2, 1]); // start not modified
  });

  test('a 4-dimensional Rosenbrock (chained) converges to all ones', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      g.fill(0);
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) {
        const a = x[i]!;
        const b = x[i + 1]!;
        s += (1 - a) ** 2 + 100 * (b - a * a) ** 2;
        g[i]! += -2 * (1 - a) - 400 * a * (b - a * a);
        g[i + 1]! += 200 * (b - a * a);
      }
      return s;
    };
    const r = minimizeLbfgs(f, Float64Array.from([-1.2, 1, -1.2, 1]), { maxIter: 500, tol: 1e-9, fn: 'test' });
    expect(r.converged).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(1, 6);
  });

  test('a convex quadratic ½xᵀAx − bᵀx reaches A⁻¹b (hand-solved: A = [[4, 1], [1, 3]], b = [1, 2] → x = [1/11, 7/11])', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      g[0] = 4 * x[0]! + x[1]! - 1;
      g[1] = x[0]! + 3 * x[1]! - 2;
      return 0.5 * (4 * x[0]! ** 2 + 2 * x[0]! * x[1]! + 3 * x[1]! ** 2) - x[0]! - 2 * x[1]!;
    };
    const r = minimizeLbfgs(f, new Float64Array(2), { maxIter: 50, tol: 1e-12, fn: 'test' });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1 / 11, 10);
    expect(r.x[1]).toBeCloseTo(7 / 11, 10);
  });

  test('non-convergence is data: maxIter 3 on Rosenbrock gives converged false after 3 iterations', () => {
    const seen: number[] = [];
    const r = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIter: 3,
      tol: 1e-10,
      fn: 'test',
      onProgress: (p) => seen.push(p.done),
    });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(r.f).toBeLessThan(24.2); // f(−1.2, 1) = 24.2: every accepted step decreases f
  });

  test('an aborted signal throws AbortError naming the function', () => {
    const c = new AbortController();
    c.abort();
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIter: 10, tol: 1e-8, fn: 'fitChurnModel', signal: c.signal })).toThrow(AbortError);
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIter: 10, tol: 1e-8, fn: 'fitChurnModel', signal: c.signal })).toThrow(/fitChurnModel/);
  });

  test('a start that already meets the tolerance returns at once', () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.from([1, 1]), { maxIter: 10, tol: 1e-8, fn: 'test' });
    expect(r).toMatchObject({ converged: true, iterations: 0, evaluations: 1, f: 0 });
  });
});
