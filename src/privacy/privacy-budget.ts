/**
 * `createPrivacyBudget`: a differential-privacy accountant (basic composition for ε/δ charges,
 * zero-concentrated DP for Gaussian charges) that refuses to overspend.
 *
 * @module
 */
import { OptionsError, PrivacyBudgetError } from '../errors.js';
import { defineOptions, real } from '../internal/options.js';

const parsePrivacyBudgetOptions = defineOptions('createPrivacyBudget', { epsilon: real({ gt: 0 }), delta: real({ min: 0, lt: 1 }).default(0) });

/** What one query costs: `{ epsilon, delta? }` (pure or approximate DP) or `{ rho }` (ρ-zCDP). @category Privacy */
export type PrivacyCharge = { readonly epsilon: number; readonly delta?: number } | { readonly rho: number };

/** One line of the ledger: what was spent on what. @category Privacy */
export interface BudgetEntry {
  /** The query's label, e.g. `'dpCount(postpaid)'`. */
  readonly label: string;
  readonly epsilon: number;
  readonly delta: number;
  readonly rho: number;
}

/** Totals spent, in (ε, δ) after conversion, and the zCDP part before it. @category Privacy */
export interface BudgetSpent {
  readonly epsilon: number;
  readonly delta: number;
  /** Σρ of the zCDP (Gaussian) charges. */
  readonly rho: number;
}

/**
 * A privacy budget: a stateful accountant (the one stateful object of the privacy module, on
 * purpose: it must remember what was spent). Queries take it as an option and charge it before
 * they release anything.
 * @category Privacy
 */
export interface PrivacyBudget {
  readonly epsilon: number;
  readonly delta: number;
  /** What has been spent so far, composed. */
  spent(): BudgetSpent;
  /** What is left: `epsilon` and `delta` minus the composed spend. */
  remaining(): { readonly epsilon: number; readonly delta: number };
  /** True when `charge` would fit. */
  canSpend(charge: PrivacyCharge): boolean;
  /** Records `charge` under `label`, or throws {@link PrivacyBudgetError} (and records nothing). */
  spend(charge: PrivacyCharge, label: string): void;
  /** Every charge so far, in order. */
  ledger(): readonly BudgetEntry[];
}

/** Relative slack for floating-point sums of ε (1e-12): spending exactly the budget in parts is allowed. */
const SLACK = 1e-12;

/**
 * Composes charges: pure/approximate charges add up (basic composition, Dwork et al. 2006);
 * zCDP charges add up in ρ (Bun & Steinke 2016) and are converted with the δ left over,
 * ε_ρ = ρ + 2√(ρ ln(1/δ_ρ)) with δ_ρ = δ_budget − Σδ; the two parts then add.
 */
function compose(entries: readonly BudgetEntry[], budgetDelta: number): BudgetSpent {
  let eps = 0;
  let del = 0;
  let rho = 0;
  for (const e of entries) {
    eps += e.epsilon;
    del += e.delta;
    rho += e.rho;
  }
  if (rho > 0) {
    const dz = budgetDelta - del;
    if (!(dz > 0)) return { epsilon: Infinity, delta: budgetDelta, rho };
    return { epsilon: eps + rho + 2 * Math.sqrt(rho * Math.log(1 / dz)), delta: budgetDelta, rho };
  }
  return { epsilon: eps, delta: del, rho };
}

function checkCharge(charge: PrivacyCharge, fn: string): BudgetEntry {
  if (charge === null || typeof charge !== 'object') throw new OptionsError(`${fn}: a charge is { epsilon, delta? } or { rho }`, 'charge');
  if ('rho' in charge) {
    if (!(charge.rho > 0 && Number.isFinite(charge.rho))) throw new OptionsError(`${fn}: rho must be a finite number > 0, got ${charge.rho}`, 'rho');
    return { label: '', epsilon: 0, delta: 0, rho: charge.rho };
  }
  const { epsilon, delta = 0 } = charge;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new OptionsError(`${fn}: epsilon must be a finite number > 0, got ${epsilon}`, 'epsilon');
  if (!(delta >= 0 && delta < 1)) throw new OptionsError(`${fn}: delta must be in [0, 1), got ${delta}`, 'delta');
  return { label: '', epsilon, delta, rho: 0 };
}

/** The refusal of a charge, its message starting with the public function `fn`. */
export function overspend(fn: string, entry: BudgetEntry, budget: PrivacyBudget): PrivacyBudgetError {
  const left = budget.remaining();
  const asked = entry.rho > 0 ? `rho ${entry.rho}` : `epsilon ${entry.epsilon}${entry.delta ? `, delta ${entry.delta}` : ''}`;
  return new PrivacyBudgetError(
    `${fn}: privacy budget exceeded by '${entry.label}': it asks ${asked}; ${left.epsilon.toPrecision(6)} epsilon and ${left.delta.toPrecision(6)} delta are left of (${budget.epsilon}, ${budget.delta}); nothing was released`,
    { epsilon: entry.epsilon, delta: entry.delta },
    left,
  );
}

/** Charges `budget` for a query of `fn`, or throws its PrivacyBudgetError (named after `fn`). */
export function chargeBudget(fn: string, budget: PrivacyBudget | undefined, charge: PrivacyCharge, label: string): void {
  if (budget === undefined) return;
  if (budget === null || typeof budget !== 'object' || typeof budget.spend !== 'function') {
    throw new OptionsError(`${fn}: budget must come from createPrivacyBudget`, 'budget');
  }
  if (!budget.canSpend(charge)) {
    const entry = 'rho' in charge ? { label, epsilon: 0, delta: 0, rho: charge.rho } : { label, epsilon: charge.epsilon, delta: charge.delta ?? 0, rho: 0 };
    throw overspend(fn, entry, budget);
  }
  budget.spend(charge, label);
}

/**
 * Creates a privacy budget of (ε, δ): every differentially private query charges it, and a query
 * that would push the composed total past ε or δ is refused with a {@link PrivacyBudgetError}
 * before anything is released. Charges of ε (discrete Laplace counts, sums, quantiles) compose by
 * addition; Gaussian charges are kept in zero-concentrated DP (ρ adds up) and converted to (ε, δ)
 * with ε = ρ + 2√(ρ ln(1/δ′)), δ′ being the δ not spent by the other charges (Bun & Steinke 2016,
 * Proposition 1.3), which is much tighter than adding (ε, δ) per Gaussian query.
 *
 * @param options - `epsilon` > 0 (finite) and `delta` in [0, 1) (default 0; Gaussian queries need δ > 0)
 * @returns the accountant
 * @throws OptionsError for ε ≤ 0, NaN or infinite, or δ outside [0, 1)
 * @example
 * const budget = createPrivacyBudget({ epsilon: 1 });
 * budget.spend({ epsilon: 0.25 }, 'count of postpaid');
 * budget.spend({ epsilon: 0.5 }, 'histogram of plans');
 * budget.remaining().epsilon // => 0.25
 * budget.canSpend({ epsilon: 0.5 }) // => false
 * budget.ledger().map((e) => e.label) // => ['count of postpaid', 'histogram of plans']
 * @category Privacy
 */
export function createPrivacyBudget(options: { readonly epsilon: number; readonly delta?: number }): PrivacyBudget {
  const { epsilon, delta } = parsePrivacyBudgetOptions(options);
  const entries: BudgetEntry[] = [];
  const fits = (next: readonly BudgetEntry[]): boolean => {
    const s = compose(next, delta);
    return s.epsilon <= epsilon * (1 + SLACK) && s.delta <= delta * (1 + SLACK);
  };
  const budget: PrivacyBudget = {
    epsilon,
    delta,
    spent: () => compose(entries, delta),
    remaining: () => {
      const s = compose(entries, delta);
      return { epsilon: Math.max(0, epsilon - s.epsilon), delta: Math.max(0, delta - s.delta) };
    },
    canSpend: (charge) => fits([...entries, checkCharge(charge, 'canSpend')]),
    spend: (charge, label) => {
      const entry = { ...checkCharge(charge, 'spend'), label: String(label) };
      if (!fits([...entries, entry])) throw overspend('spend', entry, budget);
      entries.push(entry);
    },
    ledger: () => entries.slice(),
  };
  return budget;
}
