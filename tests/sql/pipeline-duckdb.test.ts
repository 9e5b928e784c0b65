/**
 * toSql(pipeline) run in DuckDB agrees with applyPipeline: every step type, missing values,
 * unseen and rare categories. Numbers compared within 1e-12 relative (log1p is ln(1 + x) in
 * DuckDB, which lacks log1p); everything else is exact.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyPipeline, fitPipeline, toSql } from '../../src/index.js';
import { createRng } from '../../src/internal/rng.js';
import type { PipelineStep } from '../../src/index.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.close());

/** n synthetic records with numbers, categories and gaps (seeded). */
export function records(n: number, seed: number): Record<string, unknown>[] {
  const rng = createRng(seed);
  const regions = ['GD', 'BJ', 'SH', 'ZJ', 'rare1', "it's", 'é"x'];
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    dataMB: rng.next() < 0.1 ? null : Math.floor(rng.next() * 5000) / 4,
    fee: 20 + Math.floor(rng.next() * 100),
    night: rng.next() < 0.05 ? null : rng.next() * 300,
    calls: Math.floor(rng.next() * 40),
    region: rng.next() < 0.08 ? null : regions[Math.min(regions.length - 1, Math.floor(rng.next() * rng.next() * regions.length))],
    plan: ['A', 'B', 'C'][Math.floor(rng.next() * 3)],
    churned: rng.next() < 0.3 ? 1 : 0,
  }));
}

function close(a: number | null, b: number): boolean {
  if (a === null) return Number.isNaN(b);
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

async function compare(steps: PipelineStep[], train: Record<string, unknown>[], test_: Record<string, unknown>[], opts: { target?: string } = {}) {
  const model = fitPipeline(steps, train, { target: opts.target });
  const want = applyPipeline(model, test_);
  await duck.table('subs', test_);
  const sql = toSql(model, { dialect: 'duckdb', input: 'subs' });
  const rows = await duck.rows(`${sql} ORDER BY CAST(substr("id", 2) AS INTEGER)`);
  expect(rows.length).toBe(want.nRows);
  const p = want.nCols;
  let bad = 0;
  rows.forEach((r, i) => {
    expect(r.id).toBe(want.rowIds[i]);
    want.columns.forEach((c, j) => {
      const got = r[c] as number | null;
      if (!close(got, want.values[i * p + j]!)) {
        bad++;
        if (bad < 5) console.log(c, i, got, want.values[i * p + j]);
      }
    });
  });
  expect(bad).toBe(0);
  expect(Object.keys(rows[0]!)).toEqual(['id', ...want.columns]);
  return { model, sql };
}

const train = records(400, 1);
const fresh = records(300, 2).map((r, i) => (i % 50 === 0 ? { ...r, region: 'never-seen' } : r));

describe('toSql(pipeline) in DuckDB equals applyPipeline', () => {
  test('impute (mean, median, most_frequent, constant) with indicators', async () => {
    await compare(
      [
        { type: 'impute', columns: ['dataMB'], strategy: 'mean', indicator: true },
        { type: 'impute', columns: ['night'], strategy: 'median' },
        { type: 'impute', columns: ['region'], strategy: 'most_frequent', indicator: true },
        { type: 'select', columns: ['dataMB', 'dataMB_missing', 'night', 'region_missing', 'fee'] },
      ],
      train,
      fresh,
    );
    await compare([{ type: 'impute', columns: ['region'], strategy: 'constant', value: 'none' }, { type: 'frequencyEncode' }], train, fresh);
  });
  test('standardize, minmax, robust, log1p, winsorize, quantileBin keep NULL as missing', async () => {
    await compare(
      [
        { type: 'select', columns: ['dataMB', 'fee', 'night', 'calls'] },
        { type: 'winsorize', columns: ['night'], lower: 0.05, upper: 0.9 },
        { type: 'log1p', columns: ['dataMB'] },
        { type: 'quantileBin', columns: ['calls'], bins: 5 },
        { type: 'robust', columns: ['night'] },
        { type: 'minmax', columns: ['fee'], range: [-1, 1] },
        { type: 'standardize', columns: ['dataMB_log1p'] },
      ],
      train,
      fresh,
    );
  });
  test('oneHot with rare, unknown and missing buckets, dropFirst; ordinal; frequency and target encodings', async () => {
    await compare([{ type: 'oneHot', columns: ['region'], minFrequency: 20 }, { type: 'oneHot', columns: ['plan'], dropFirst: true }, { type: 'select', columns: { pattern: '=' } }], train, fresh);
    await compare(
      [{ type: 'ordinal', columns: ['plan'] }, { type: 'ordinal', columns: ['region'], handleUnknown: 'missing' }, { type: 'select', columns: ['plan', 'region'] }],
      train,
      fresh,
    );
    await compare(
      [{ type: 'targetEncode', columns: ['region'], smoothing: 5 }, { type: 'frequencyEncode', columns: ['plan'] }, { type: 'select', columns: ['region_te', 'plan_freq'] }],
      train,
      fresh,
      { target: 'churned' },
    );
  });
  test('derive: arithmetic, ratio, logic, if, clip, min/max, coalesce, string equality', async () => {
    await compare(
      [
        {
          type: 'derive',
          outputs: {
            nightShare: 'ratio(night, dataMB)',
            perCall: 'fee / calls',
            big: 'dataMB > 500 and not fee < 60',
            either: 'dataMB > 1000 or isMissing(night)',
            gd: 'region == "GD"',
            notGd: "region != 'GD'",
            pick: 'if(calls > 20, log(fee), sqrt(night))',
            c: 'clip(fee, 30, 90) - min(fee, calls, 50) + max(fee, 40)',
            k: 'coalesce(night, dataMB, -1) * exp(-calls / 10)',
            twice: 'nightShare * 2',
          },
        },
        { type: 'select', columns: ['nightShare', 'perCall', 'big', 'either', 'gd', 'notGd', 'pick', 'c', 'k', 'twice'] },
      ],
      train,
      fresh,
    );
  });
});
