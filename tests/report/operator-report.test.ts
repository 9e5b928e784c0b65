import { beforeAll, describe, expect, test } from 'vitest';
import { AbortError, DataError, OptionsError, generateOperator, parseModel, serializeModel } from 'telcokit';
import { buildReport, operatorReport } from 'telcokit/report';

const op = generateOperator({ subscribers: 1500, months: 4, seed: 3 });

describe('operatorReport', () => {
  let r: Awaited<ReturnType<typeof operatorReport>>;
  let charts: unknown;
  beforeAll(async () => {
    r = await operatorReport(op, { k: 4, seed: 1 });
    charts = structuredClone(r.charts);
  }, 120_000);

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
    // rendering leaves the specs as they were (vega tags the data rows it ingests: it gets a copy)
    expect(r.charts).toEqual(charts);
  });

  test('operatorReport gives the same report from call edges as columns (as validateColumns returns them)', async () => {
    const e = op.callEdges;
    expect(e.length).toBeGreaterThan(1000);
    const callEdges = { caller: e.map((x) => x.callerId), callee: e.map((x) => x.calleeId), minutes: Float64Array.from(e, (x) => x.minutes), calls: e.map((x) => x.calls) };
    const c = await operatorReport({ ...op, callEdges }, { k: 4, seed: 1 });
    expect(c.summary).toEqual(r.summary);
    expect(c.charts).toEqual(r.charts);
    expect(c.segments).toEqual(r.segments);
    expect(serializeModel(c.models.churn)).toBe(serializeModel(r.models.churn));
  });

  test('operatorReport models round-trip through serializeModel/parseModel', () => {
    for (const m of Object.values(r.models)) expect(parseModel(serializeModel(m))).toEqual(m);
  });

  test('operatorReport is deterministic for a seed and does not mutate its input', async () => {
    const frozen = Object.freeze({ subscribers: Object.freeze([...op.subscribers]), usage: Object.freeze([...op.usage]) });
    const a = await operatorReport(frozen, { k: 3, seed: 2 });
    const b = await operatorReport(frozen, { k: 3, seed: 2 });
    expect(serializeModel(a.models.churn)).toBe(serializeModel(b.models.churn));
    expect(a.watchlist).toEqual(b.watchlist);
  });

  test('operatorReport rejects data without a later month, bad options, and stops on abort', async () => {
    const oneMonth = { subscribers: op.subscribers, usage: op.usage.filter((u) => u.month === '2024-01') };
    await expect(operatorReport(oneMonth)).rejects.toThrow(new DataError('operatorReport: usage covers 1 month(s); needs at least 2 (features at one month, churn seen in a later one)'));
    await expect(operatorReport(op, { asOf: '2024-04' })).rejects.toThrow(/asOf 2024-04 is the last usage month/);
    await expect(operatorReport(op, { asOf: '2023-12' })).rejects.toThrow(/no usage in asOf month 2023-12/);
    await expect(operatorReport(op, { k: 1 })).rejects.toThrow(OptionsError);
    await expect(operatorReport(op, { asOf: 'March' })).rejects.toThrow(OptionsError);
    const ac = new AbortController();
    ac.abort();
    await expect(operatorReport(op, { signal: ac.signal })).rejects.toThrow(AbortError);
  });

  test('operatorReport stops at the next stage when the signal fires mid-way', async () => {
    const ac = new AbortController();
    const stages: string[] = [];
    const run = operatorReport(op, { k: 3, signal: ac.signal, onProgress: (p) => { stages.push(p.stage); if (p.stage === 'segments') ac.abort(); } });
    await expect(run).rejects.toThrow(new AbortError('operatorReport'));
    expect(stages).toEqual(['profiles', 'segments']);
  });
});
