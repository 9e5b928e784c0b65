import { describe, expect, test } from 'vitest';
import { DataError, fitChurnModel, fitClassifier, generateOperator, predictChurn, predictClassifier, serializeModel } from 'telcokit';
import { runPropensity } from '../../examples/propensity.js';

describe('fitClassifier / predictClassifier: the churn learners under their generic name', () => {
  test('fitClassifier gives the same model as fitChurnModel, and its messages name fitClassifier', () => {
    const x = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 1, 0, 1, 1];
    const a = fitClassifier(x, y, { kind: 'logistic' });
    expect(serializeModel(a)).toBe(serializeModel(fitChurnModel(x, y, { kind: 'logistic' })));
    expect(Array.from(predictClassifier(a, x))).toEqual(Array.from(predictChurn(a, x)));
    expect(() => fitClassifier(x, [1, 1, 1, 1, 1, 1], { kind: 'logistic' })).toThrow(DataError);
    expect(() => fitClassifier(x, [1, 1, 1, 1, 1, 1], { kind: 'logistic' })).toThrow(/^fitClassifier: /);
    expect(() => fitClassifier(x, y, { kind: 'gbdt', maxLeaf: 3 } as never)).toThrow(/^fitClassifier: unknown option 'maxLeaf'/);
    expect(() => predictClassifier(a, [[1, 2]])).toThrow(/^predictClassifier: matrix has 2 columns/);
  });
});

describe('synthetic operator: device-change and plan-upgrade events', () => {
  const op = generateOperator({ subscribers: 4000, months: 4, seed: 5 });
  const pr = op.propensity;

  test('events follow the drawn labels, fall inside their horizons and only for subscribers active at the end', () => {
    const ids = op.subscribers.map((s) => s.id);
    let nd = 0;
    let np = 0;
    for (const e of pr.events) {
      const i = ids.indexOf(e.subscriberId);
      expect(op.subscribers[i]!.status).not.toBe('closed');
      const days = (Date.parse(e.date) - Date.parse(`${op.truth.outcomeMonth}-01`)) / 86_400_000;
      if (e.type === 'deviceChange') {
        nd++;
        expect(pr.deviceChanged[i]).toBe(1);
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThan(7);
      } else {
        np++;
        expect(pr.planUpgraded[i]).toBe(1);
        expect(days).toBeLessThan(30);
      }
    }
    expect(nd).toBe(pr.deviceChanged.reduce((a, b) => a + b, 0));
    expect(np).toBe(pr.planUpgraded.reduce((a, b) => a + b, 0));
    op.subscribers.forEach((s, i) => {
      if (s.status === 'closed') expect(pr.deviceChangeProbability[i]).toBe(0);
    });
  });

  test('the event rates match the mean true probabilities (binomial 4-sigma bands)', () => {
    for (const [labels, prob] of [
      [pr.deviceChanged, pr.deviceChangeProbability],
      [pr.planUpgraded, pr.planUpgradeProbability],
    ] as const) {
      let sp = 0;
      let v = 0;
      for (let i = 0; i < prob.length; i++) {
        sp += prob[i]!;
        v += prob[i]! * (1 - prob[i]!);
      }
      const k = labels.reduce((a, b) => a + b, 0);
      expect(Math.abs(k - sp)).toBeLessThan(4 * Math.sqrt(v));
      expect(sp / prob.length).toBeGreaterThan(0.02);
    }
  });

  test('the same seed gives the same events; the stream does not disturb the other outputs', () => {
    const again = generateOperator({ subscribers: 4000, months: 4, seed: 5 });
    expect(again.propensity.events).toEqual(pr.events);
    const other = generateOperator({ subscribers: 4000, months: 4, seed: 6 });
    expect(other.propensity.events).not.toEqual(pr.events);
    // turning call edges off changes no other stream, propensity included
    const noEdges = generateOperator({ subscribers: 4000, months: 4, seed: 5, callEdges: false, pingsPerSubscriber: 0 });
    expect(noEdges.propensity.events).toEqual(pr.events);
    expect(Array.from(noEdges.truth.churnHazard)).toEqual(Array.from(op.truth.churnHazard));
  });

  // The 7-day device-change model against the true-hazard ceiling (10,000 subscribers, seed 3,
  // 4-fold out of fold): model 0.650, ceiling 0.738. The gap is the unobserved subscriber effect
  // and the persona's data appetite seen only through noisy usage; the bar: within 0.12 of the ceiling.
  test('a default gbdt for device change within 7 days is within 0.12 of the true-hazard ROC-AUC ceiling', () => {
    const [device, plan] = runPropensity(10_000, 3);
    expect(device!.event).toBe('deviceChange');
    expect(device!.ceiling - device!.model).toBeLessThan(0.12);
    expect(device!.model).toBeGreaterThan(0.6);
    expect(device!.model).toBeLessThan(device!.ceiling + 0.02);
    expect(plan!.ceiling - plan!.model).toBeLessThan(0.12);
    expect(plan!.model).toBeGreaterThan(0.6);
  }, 120_000);
});
