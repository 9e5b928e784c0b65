/**
 * Models that load and then lie (issue 20): every kind's schema states its invariants and
 * parseModel refuses a model that breaks them with a ModelError naming the path; fits refuse
 * options the loader would reject; versions live in the kinds table only (newer → refused,
 * older → migrated).
 */
import { describe, expect, test } from 'vitest';
import {
  fitAls,
  fitItemKnn,
  ModelError,
  modelKinds,
  OptionsError,
  parseModel,
  parseTagIndex,
  parsePipeline,
  serializeModel,
} from 'telcokit';
import { CASES } from '../conformance/cases.js';
import { interactions } from '../recommend/fixtures.js';

type Json = Record<string, unknown>;

/** A deep copy of a model (typed arrays copied) that a test may edit. */
function copy<T>(m: T): T & Json {
  return structuredClone(m) as T & Json;
}

/** parseModel on an edited model: the ModelError message (fails the test when it loads). */
function rejection(model: unknown): string {
  try {
    parseModel(serializeModel(model as never));
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return (e as Error).message;
  }
  throw new Error('expected parseModel to throw a ModelError');
}

const fit = <K extends keyof typeof CASES>(kind: K) => copy(CASES[kind].fit(1));

describe('parseModel refuses models that violate their own invariants (issue 20 list)', () => {
  test('k-means centroids shorter than k × p', () => {
    const m = fit('segment/kmeans');
    m.centroids = m.centroids.slice(0, -1);
    expect(rejection(m)).toMatch(/'segment\/kmeans' model is malformed at centroids: has 8 values, expected 9/);
  });
  test('a logistic model whose coefficients do not match its features', () => {
    const m = fit('churn/logistic');
    m.coefficients = m.coefficients.slice(1);
    expect(rejection(m)).toMatch(/malformed at coefficients: has 3 values, expected 4/);
  });
  test('NaN leaf values in a gbdt model', () => {
    const m = fit('churn/gbdt');
    const v = m.trees.value.slice();
    v[v.length - 1] = NaN;
    m.trees = { ...m.trees, value: v };
    expect(rejection(m)).toMatch(/malformed at trees\.value\.\d+: must be finite, got NaN/);
  });
  test('a standardise step with scale 0', () => {
    const m = fit('features/pipeline');
    const k = m.steps.findIndex((s: { type: string }) => s.type === 'standardize');
    const step = m.steps[k] as { scale: number[] };
    step.scale[0] = 0;
    expect(rejection(m)).toMatch(new RegExp(`malformed at steps\\.${k}\\.scale\\.0`));
  });
  test('negative blend weights, which fitRecommender itself refuses', () => {
    const m = fit('recommend/hybrid');
    m.blend.weights.itemKnn = -0.5;
    expect(rejection(m)).toMatch(/malformed at blend\.weights\.itemKnn/);
  });
  test('factor matrices of the wrong length', () => {
    const als = fit('recommend/als');
    als.itemFactors = als.itemFactors.slice(3);
    expect(rejection(als)).toMatch(/malformed at itemFactors: has \d+ values, expected \d+/);
    const hybrid = fit('recommend/hybrid');
    hybrid.als!.userFactors = hybrid.als!.userFactors.slice(1);
    expect(rejection(hybrid)).toMatch(/malformed at als\.userFactors/);
    const profile = fit('recommend/profile');
    profile.itemBias = profile.itemBias.slice(1);
    expect(rejection(profile)).toMatch(/malformed at itemBias/);
  });
  test('neighbour indices out of range', () => {
    const m = fit('recommend/item-knn');
    const idx = m.indices.slice();
    idx[0] = m.offerIds.length;
    m.indices = idx;
    expect(rejection(m)).toMatch(/malformed at indices\.0: index \d+ out of range \[0, \d+\)/);
    const h = fit('recommend/hybrid');
    const hi = h.history.indices.slice();
    hi[0] = -1;
    h.history = { ...h.history, indices: hi };
    expect(rejection(h)).toMatch(/malformed at history\.indices\.0/);
  });
  test('duplicate ids in a tag index or a hybrid model', () => {
    const t = fit('tags/index');
    t.ids[3] = t.ids[1]!;
    expect(rejection(t)).toMatch(/malformed at ids\.3: duplicate subscriber id "s1"/);
    expect(() => parseTagIndex(serializeModel(t))).toThrow(/^parseTagIndex: 'tags\/index' model is malformed at ids\.3/);
    const h = fit('recommend/hybrid');
    h.offerIds[1] = h.offerIds[0]!;
    expect(rejection(h)).toMatch(/malformed at offerIds\.1: duplicate id/);
  });
  test('k-prototypes modes outside their column’s categories, calibrator knots out of order', () => {
    const kp = fit('segment/kprototypes');
    const modes = kp.modes.slice();
    modes[0] = 99;
    kp.modes = modes;
    expect(rejection(kp)).toMatch(/malformed at modes\.0/);
    const cal = fit('metrics/calibrator');
    if (cal.method !== 'isotonic') throw new Error('fixture is isotonic');
    const x = cal.x.slice();
    [x[0], x[1]] = [x[1]!, x[0]!];
    cal.x = x;
    expect(rejection(cal)).toMatch(/malformed at x\.1: knots must increase/);
  });
});

describe('a fit never stores an option the loader would reject', () => {
  test("fitItemKnn({ similarity: 'jaccard' }) and fitAls({ solver: 'svd' }) throw OptionsError naming the option", () => {
    expect(() => fitItemKnn(interactions, { similarity: 'jaccard' as never })).toThrow(OptionsError);
    expect(() => fitItemKnn(interactions, { similarity: 'jaccard' as never })).toThrow(/^fitItemKnn: option similarity must be .*got "jaccard"/);
    try {
      fitAls(interactions, { solver: 'svd' as never });
      throw new Error('fitAls accepted solver svd');
    } catch (e) {
      expect(e).toBeInstanceOf(OptionsError);
      expect((e as OptionsError).option).toBe('solver');
    }
  });
});

describe('one loader: kinds, versions and migrations', () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])("kind '%s' is an unknown kind (ModelError), not a TypeError", (kind) => {
    expect(() => parseModel(`{"kind":"${kind}","version":1}`)).toThrow(ModelError);
    expect(() => parseModel(`{"kind":"${kind}","version":1}`)).toThrow(/unknown model kind/);
  });
  test('a version newer than the table’s is refused for every kind (the check is live)', () => {
    for (const [kind, version] of Object.entries(modelKinds())) {
      const model = copy(CASES[kind as keyof typeof CASES].fit(1));
      expect(model.version).toBe(version);
      model.version = version + 1;
      expect(() => parseModel(serializeModel(model))).toThrow(
        new RegExp(`'${kind.replace('/', '\\/')}' model has version ${version + 1}, newer than this telcokit supports \\(${version}\\)`),
      );
    }
  });
  test('parsePipeline and parseTagIndex give parseModel’s messages under their own name', () => {
    const p = copy(CASES['features/pipeline'].fit(1));
    p.version = 99;
    expect(() => parsePipeline(serializeModel(p))).toThrow(/^parsePipeline: 'features\/pipeline' model has version 99, newer than this telcokit supports \(1\)/);
    expect(() => parseModel(serializeModel(p))).toThrow(/^parseModel: 'features\/pipeline' model has version 99, newer than this telcokit supports \(1\)/);
    expect(() => parsePipeline('{"kind":"tags/index","version":2}')).toThrow(/^parsePipeline: expected a model of kind 'features\/pipeline', got 'tags\/index'/);
    expect(() => parseTagIndex('[1]')).toThrow(/^parseTagIndex: expected a JSON object/);
  });
  test('a custom step in saved JSON loads through every loader; a malformed one gets one message from each', () => {
    const p = copy(CASES['features/pipeline'].fit(1)) as Json & { featureNames: string[] };
    const custom = { type: 'custom', name: 'f', columns: [], outputs: ['y'], fn: 'f' };
    const good = serializeModel({ ...p, steps: [...(p['steps'] as unknown[]), custom], featureNames: [...p.featureNames, 'y'] } as never);
    expect(serializeModel(parseModel(good))).toBe(good);
    expect(serializeModel(parsePipeline(good))).toBe(good);
    const bad = serializeModel({ ...p, steps: [...(p['steps'] as unknown[]), { ...custom, fn: 7 }], featureNames: [...p.featureNames, 'y'] } as never);
    const at = (p['steps'] as unknown[]).length; // the appended step
    expect(() => parseModel(bad)).toThrow(new RegExp(`^parseModel: .*steps\\.${at}\\.fn`));
    expect(() => parsePipeline(bad)).toThrow(new RegExp(`^parsePipeline: .*steps\\.${at}\\.fn`));
  });
  test('version-1 calibrator, profile state, tag index and popularity models are migrated to top-level options', () => {
    const cal = copy(CASES['metrics/calibrator'].fit(1)) as Json;
    delete cal['options'];
    cal['version'] = 1;
    expect(parseModel(serializeModel(cal as never), 'metrics/calibrator')).toMatchObject({ version: 2, options: { method: 'isotonic' } });

    const state = copy(CASES['features/profile-state'].fit(1)) as Json;
    const { options, ...v1 } = state as { options: { halfLifeMonths: number } } & Json;
    const loaded = parseModel(serializeModel({ ...v1, version: 1, halfLifeMonths: options.halfLifeMonths } as never), 'features/profile-state');
    expect(serializeModel(loaded)).toBe(serializeModel(state as never));

    const index = copy(CASES['tags/index'].fit(1)) as Json;
    delete index['options'];
    expect(parseModel(serializeModel({ ...index, version: 1 } as never), 'tags/index').options).toEqual({ idField: 'id', allowMissingFields: false });

    const pop = copy(CASES['recommend/popularity'].fit(1)) as Json;
    delete pop['options'];
    expect(parseModel(serializeModel({ ...pop, version: 1 } as never), 'recommend/popularity').options).toEqual({});
  });
});
