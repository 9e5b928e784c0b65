/**
 * `dpAudienceCount`: the partner query API's audience size, with differential privacy.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import type { AudienceNode } from '../tags/parse-audience.js';
import { countAudience } from '../tags/query-audience.js';
import type { TagIndex } from '../tags/tag-index.js';
import type { DpCountOptions } from './dp-queries.js';
import { DP_COUNT_NOISE, DP_OPTIONS, noisyCount } from './dp-queries.js';
import { defineOptions } from '../internal/options.js';
import type { PrivacyBudget } from './privacy-budget.js';

const { budget: _budget, ...DP_NO_BUDGET } = DP_OPTIONS;
/** The budget is an argument of its own here, so it is not an option. */
const parseDpAudienceCountOptions = defineOptions('dpAudienceCount', { ...DP_NO_BUDGET, ...DP_COUNT_NOISE });

/**
 * Counts the subscribers matching an audience expression ({@link countAudience}) and releases the
 * count with exact discrete Laplace noise of scale 1/ε (or discrete Gaussian), charged to the
 * budget first: a partner can size an audience without learning whether any one subscriber is in
 * it. Each call spends budget; repeating a query averages the noise away, which is exactly what
 * the budget stops.
 *
 * @param index - the tag index ({@link applyTagCatalogue})
 * @param expression - an audience expression or its AST
 * @param budget - the partner's budget ({@link createPrivacyBudget}), required
 * @param options - `epsilon` (required), `mechanism`, `delta`, `label`; see {@link DpCountOptions}
 * @returns the noisy audience size (an integer)
 * @throws ValidationError for a bad expression or unknown tag (checked before any budget is spent)
 * @throws OptionsError for a bad ε or a missing budget
 * @throws PrivacyBudgetError when the budget cannot pay (nothing released)
 * @example
 * const index = applyTagCatalogue(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }, { id: 'b', bill: 80 }],
 * );
 * const budget = createPrivacyBudget({ epsilon: 1 });
 * Number.isInteger(dpAudienceCount(index, 'big', budget, { epsilon: 0.5 })) // => true
 * budget.remaining().epsilon // => 0.5
 * @category Privacy
 */
export function dpAudienceCount(
  index: TagIndex,
  expression: string | AudienceNode,
  budget: PrivacyBudget,
  options: Omit<DpCountOptions, 'budget'>,
): number {
  const fn = 'dpAudienceCount';
  if (budget === null || typeof budget !== 'object' || typeof budget.spend !== 'function') {
    throw new OptionsError(`${fn}: a budget from createPrivacyBudget is required`, 'budget');
  }
  const o = parseDpAudienceCountOptions(options);
  const count = countAudience(index, expression);
  const label = o.label ?? `${fn}(${typeof expression === 'string' ? expression : 'ast'})`;
  return noisyCount(fn, count, { ...o, budget, label });
}
