/**
 * Propensity beyond churn: who changes device in the next 7 days, who upgrades the plan in the
 * next 30? The synthetic operator draws both events from documented daily hazards, so the true
 * probabilities are known and the model's ROC-AUC can be read against that ceiling.
 *
 * Run: `npx tsx examples/propensity.ts` (`SUBSCRIBERS=50000` for a larger book).
 */
import { pathToFileURL } from 'node:url';
import { buildProfiles, crossValidate, fitClassifier, generateOperator, predictClassifier, rocAuc, selectRows } from 'telcokit';

export interface PropensityRow {
  event: 'deviceChange' | 'planUpgrade';
  days: number;
  rows: number;
  positives: number;
  /** Out-of-fold ROC-AUC of a default gbdt on the subscribers' profile features. */
  model: number;
  /** ROC-AUC of the true probabilities on the same rows: no model of the data can beat it in expectation. */
  ceiling: number;
}

/** 4-fold out-of-fold ROC-AUC of default gbdt classifiers for both events, beside their ceilings. */
export function runPropensity(subscribers = 10_000, seed = 3): PropensityRow[] {
  const op = generateOperator({ subscribers, months: 6, seed });
  const { propensity: pr, truth } = op;
  const prof = buildProfiles({ subscribers: op.subscribers, usage: op.usage, callEdges: op.callEdges });
  const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
  // subscribers still active at the window's end (those who left inside it cannot have an event)
  const rows: number[] = [];
  const sub: number[] = [];
  prof.matrix.rowIds.forEach((id, r) => {
    const i = index.get(id)!;
    if (truth.churnMonth[i] === -1 || truth.churnMonth[i] === truth.months.length) {
      rows.push(r);
      sub.push(i);
    }
  });
  const X = selectRows(prof.matrix, rows);
  const out: PropensityRow[] = [];
  for (const [event, labels, prob, days] of [
    ['deviceChange', pr.deviceChanged, pr.deviceChangeProbability, pr.deviceChangeDays],
    ['planUpgrade', pr.planUpgraded, pr.planUpgradeProbability, pr.planUpgradeDays],
  ] as const) {
    const y = sub.map((i) => labels[i]!);
    const cv = crossValidate(
      (train, yTrain, info) => {
        const model = fitClassifier(train, yTrain, { kind: 'gbdt', seed: info.seed });
        return (test) => predictClassifier(model, test);
      },
      X,
      y,
      { folds: 4, seed },
    );
    out.push({
      event,
      days,
      rows: y.length,
      positives: y.reduce((a, b) => a + b, 0),
      model: rocAuc(y, cv.oof),
      ceiling: rocAuc(y, sub.map((i) => prob[i]!)),
    });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.env.SUBSCRIBERS ?? 10_000);
  for (const r of runPropensity(n)) {
    console.log(
      `${r.event} within ${r.days} days: ${r.positives} of ${r.rows} subscribers; ROC-AUC model ${r.model.toFixed(3)} vs true-hazard ceiling ${r.ceiling.toFixed(3)} (4-fold out of fold)`,
    );
  }
}
