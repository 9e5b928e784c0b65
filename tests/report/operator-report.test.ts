import { describe, expect, test } from 'vitest';
import { AbortError, DataError, OptionsError, generateOperator, parseModel, serializeModel } from 'telcokit';
import { buildReport, operatorReport } from 'telcokit/report';

const op = generateOperator({ subscribers: 1500, months: 4, seed: 3 });

describe('operatorReport', () => {
  const r = operatorReport(op, { k: 4, seed: 1 });

  test('operatorReport(op) measures features at the second-to-last month and labels churn from the last', () => {
    expect(r.asOf).toBe('2024-03');
    const active = new Set(op.usage.filter((u) => u.month === '2024-03').map((u) => u.subscriberId));
    const after = new Set(op.usage.filter((u) => u.month === '2024-04').map((u) => u.subscriberId));
    expect(r.summary.activeAtAsOf).toBe(active.size);
    expect(r.summary.churned).toBe([...active].filter((id) => !after.has(id)).length);
    expect(r.segments).toHaveLength(active.size);
  });

  test('operatorReport(op) gives every chart and sections that buildReport accepts', async () => {
    expect(Object.keys(r.charts).sort()).toEqual(
      ['calibration', 'chooseK', 'drift', 'gains', 'lift', 'overlaps', 'pr', 'profit', 'recommender', 'roc', 'segmentProfiles', 'segmentSizes', 'shap', 'tags', 'watchlist'].sort(),
    );
    const html = await buildReport(r.sections);
    expect(html.match(/<svg /g)).toHaveLength(Object.keys(r.charts).length);
  });

  test('operatorReport models round-trip through serializeModel/parseModel', () => {
    for (const m of Object.values(r.models)) expect(parseModel(serializeModel(m))).toEqual(m);
  });

  test('operatorReport is deterministic for a seed and does not mutate its input', () => {
    const frozen = Object.freeze({ subscribers: Object.freeze([...op.subscribers]), usage: Object.freeze([...op.usage]) });
    const a = operatorReport(frozen, { k: 3, seed: 2 });
    const b = operatorReport(frozen, { k: 3, seed: 2 });
    expect(serializeModel(a.models.churn)).toBe(serializeModel(b.models.churn));
    expect(a.watchlist).toEqual(b.watchlist);
  });

  test('operatorReport rejects data without a later month, bad options, and stops on abort', () => {
    const oneMonth = { subscribers: op.subscribers, usage: op.usage.filter((u) => u.month === '2024-01') };
    expect(() => operatorReport(oneMonth)).toThrow(new DataError('operatorReport: usage covers 1 month(s); needs at least 2 (features at one month, churn seen in a later one)'));
    expect(() => operatorReport(op, { asOf: '2024-04' })).toThrow(/asOf 2024-04 is the last usage month/);
    expect(() => operatorReport(op, { asOf: '2023-12' })).toThrow(/no usage in asOf month 2023-12/);
    expect(() => operatorReport(op, { k: 1 })).toThrow(OptionsError);
    expect(() => operatorReport(op, { asOf: 'March' })).toThrow(OptionsError);
    const ac = new AbortController();
    ac.abort();
    expect(() => operatorReport(op, { signal: ac.signal })).toThrow(AbortError);
  });
});
