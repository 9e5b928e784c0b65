import { describe, expect, test } from 'vitest';
import {
  DataError,
  ModelError,
  ValidationError,
  addTagToIndex,
  countAudience,
  createFeatureMatrix,
  defaultTagCatalogue,
  applyTagCatalogue,
  explainTags,
  parseModel,
  parseTagIndex,
  serializeModel,
  serializeTagIndex,
  tagsOf,
  updateTagIndex,
} from 'telcokit';
import type { TagCatalogue, TagIndex } from 'telcokit';

const catalogue: TagCatalogue = {
  tags: [
    { id: 'power', label: 'Consumption power', level: 1 },
    { id: 'big', label: 'Big bill', level: 2, parent: 'power', rule: { field: 'bill', op: '>', value: 100 } },
    { id: 'top_data', label: 'Top half of data', level: 2, parent: 'power', rule: { field: 'dataMB', op: '>=', quantile: 0.5 } },
    { id: 'mid', label: 'Mid bill', level: 1, rule: { field: 'bill', between: [80, 120] } },
    { id: 'g4', label: '4G', level: 1, rule: { all: [{ field: 'net', op: '==', value: '4G' }, { not: { field: 'dataMB', between: [0, 10] } }] } },
    { id: 'not5g', label: 'Not 5G', level: 1, rule: { field: 'net', op: '!=', value: '5G' } },
    { id: 'known', label: 'Has net', level: 1, rule: { field: 'net', exists: true } },
    { id: 'listed', label: 'Listed', level: 1, rule: { any: [{ field: 'net', in: ['3G', '5G'] }, { field: 'bill', in: [80, 999] }] } },
    { id: 'loyal', label: 'Loyal', level: 1, rule: { field: 'loyal', op: '==', value: true } },
  ],
};
const bigOnly = { id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } } as const;
const profiles = [
  { id: 'a', bill: 120, dataMB: 5, net: '4G', loyal: true },
  { id: 'b', bill: 80, dataMB: 50, net: '5G', loyal: false },
  { id: 'c', bill: 180, dataMB: 500, net: '4G', loyal: true },
  { id: 'd', bill: null, dataMB: 1, net: null },
  { id: 'e', bill: 100, dataMB: NaN, net: '3G', loyal: false },
];

/** Membership strings per tag, one character per subscriber in index order. */
function table(index: TagIndex): Record<string, string> {
  return Object.fromEntries(index.tagIds.map((t) => [t, index.ids.map((id) => (tagsOf(index, id).includes(t) ? '1' : '0')).join('')]));
}

describe('applyTagCatalogue', () => {
  test('applyTagCatalogue(catalogue, records) gives the hand-computed memberships', () => {
    const index = applyTagCatalogue(catalogue, profiles);
    // dataMB non-missing: 5, 50, 500, 1 → median (type 7) = (5 + 50) / 2 = 27.5
    expect(index.thresholds).toEqual({ 'top_data#rule': 27.5 });
    expect(table(index)).toEqual({
      power: '11100', // big OR top_data
      big: '10100', // bill > 100; null and 100 are not
      top_data: '01100', // dataMB >= 27.5
      mid: '11001', // 80 ≤ bill ≤ 120
      g4: '00100', // 4G and data outside 0..10
      not5g: '10101', // missing net is not "!= 5G"
      known: '11101',
      listed: '01001', // net in 3G/5G, or bill in {80, 999}
      loyal: '10100',
    });
    expect(index.nRows).toBe(5);
    expect(index.bitsets.every((b) => b.length === 1)).toBe(true);
  });

  test('records, column form and FeatureMatrix give the same index', () => {
    const numCat: TagCatalogue = { tags: catalogue.tags.filter((t) => ['big', 'mid'].includes(t.id) || t.id === 'top_data' || t.id === 'power') };
    const fromRecords = applyTagCatalogue(numCat, profiles);
    const fromColumns = applyTagCatalogue(numCat, {
      ids: profiles.map((p) => p.id),
      columns: { bill: new Float64Array([120, 80, 180, NaN, 100]), dataMB: [5, 50, 500, 1, null] },
    });
    const m = createFeatureMatrix(new Float64Array([120, 5, 80, 50, 180, 500, NaN, 1, 100, NaN]), ['bill', 'dataMB'], ['a', 'b', 'c', 'd', 'e']);
    const fromMatrix = applyTagCatalogue(numCat, m);
    expect(serializeTagIndex(fromColumns)).toBe(serializeTagIndex(fromRecords));
    expect(serializeTagIndex(fromMatrix)).toBe(serializeTagIndex(fromRecords));
  });

  test('applyTagCatalogue does not mutate its inputs and is deterministic', () => {
    const frozen = Object.freeze(profiles.map((p) => Object.freeze({ ...p })));
    const cat = structuredClone(catalogue);
    const a = applyTagCatalogue(cat, frozen);
    expect(cat).toEqual(catalogue);
    expect(serializeTagIndex(applyTagCatalogue(cat, frozen))).toBe(serializeTagIndex(a));
  });

  test('the bits past the last row stay zero (NOT over a missing field)', () => {
    const index = applyTagCatalogue({ tags: [{ id: 'no', label: 'No x', level: 1, rule: { field: 'x', exists: false } }] }, profiles, { allowMissingFields: true });
    expect(index.bitsets[0]![0]).toBe(0b11111);
    expect(countAudience(index, 'no')).toBe(5);
  });

  test('bad input: missing field, text vs number, mixed types, duplicate ids, no id, invalid catalogue', () => {
    expect(() => applyTagCatalogue({ tags: [{ id: 't', label: 'T', level: 1, rule: { field: 'nope', op: '>', value: 1 } }] }, profiles)).toThrow(
      /applyTagCatalogue: tag 't' uses field 'nope', which the profiles do not have/,
    );
    expect(() => applyTagCatalogue({ tags: [{ id: 't', label: 'T', level: 1, rule: { field: 'net', op: '>', value: 1 } }] }, profiles)).toThrow(
      /tag 't' uses '>' on text field 'net'/,
    );
    expect(() => applyTagCatalogue({ tags: [{ id: 't', label: 'T', level: 1, rule: { field: 'bill', op: '==', value: 'x' } }] }, profiles)).toThrow(
      /tag 't' compares numeric field 'bill' with string "x"/,
    );
    expect(() => applyTagCatalogue({ tags: [{ id: 't', label: 'T', level: 1, rule: { field: 'v', op: '==', value: 1 } }] }, [{ id: 'a', v: 1 }, { id: 'b', v: 'x' }])).toThrow(
      /field 'v' mixes numbers and strings/,
    );
    expect(() => applyTagCatalogue(catalogue, [...profiles, profiles[0]!])).toThrow(DataError);
    expect(() => applyTagCatalogue(catalogue, [{ bill: 1 }])).toThrow(/profile 0 has no 'id'/);
    expect(() => applyTagCatalogue({ tags: [{ id: 'x', label: 'X', level: 1 }] } as TagCatalogue, profiles)).toThrow(ValidationError);
    expect(() => applyTagCatalogue(catalogue, { ids: ['a'], columns: { bill: [1, 2] } })).toThrow(/column 'bill' has 2 values for 1 ids/);
  });

  test('idField selects the id of record profiles', () => {
    const index = applyTagCatalogue({ tags: [bigOnly] }, [{ msisdn: 1380, bill: 200 }], { idField: 'msisdn' });
    expect(index.ids).toEqual(['1380']);
    expect(tagsOf(index, '1380')).toEqual(['big']);
  });

  test('an empty population gives empty bitsets', () => {
    const index = applyTagCatalogue(catalogue, { ids: [], columns: { bill: [], dataMB: [], net: [], loyal: [] } });
    expect(index.nRows).toBe(0);
    expect(countAudience(index, 'big OR NOT big')).toBe(0);
  });

  test('the default catalogue on hand-made profiles', () => {
    const base = { monthlyBill: 50, dataMB: 500, nightDataShare: 0.1, awayWeekdayCallShare: 0, appShare_travel: 0, secondaryCards: 0, deviceAgeMonths: 24, deviceIs5G: false, networkType: '4G', cityTier: 3, churnProbability: 0.1 };
    const people = [
      { id: 'rich', ...base, monthlyBill: 150, cityTier: 1 },
      { id: 'night', ...base, dataMB: 40_000, nightDataShare: 0.6 },
      { id: 'trav', ...base, appShare_travel: 0.2, awayWeekdayCallShare: 0.5 },
      { id: 'fam', ...base, secondaryCards: 2, deviceIs5G: true, deviceAgeMonths: 1 },
      { id: 'risk', ...base, churnProbability: 0.7, networkType: '5G' },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, ...base })),
    ];
    const index = applyTagCatalogue(defaultTagCatalogue, people);
    expect(tagsOf(index, 'rich')).toEqual(['consumption_power', 'high_consumption', 'tier1_city']);
    expect(tagsOf(index, 'night')).toEqual(['consumption_power', 'heavy_data', 'interest', 'night_entertainment', 'lifecycle', 'device', 'upgrade_5g_candidate']);
    expect(tagsOf(index, 'trav')).toEqual(['interest', 'travel', 'travel_enthusiast', 'business_traveller']);
    expect(tagsOf(index, 'fam')).toEqual(['lifecycle', 'family_user', 'device', 'upgrade_5g_candidate', 'device_change_recent']);
    expect(tagsOf(index, 'risk')).toEqual(['lifecycle', 'churn_risk']);
    expect(tagsOf(index, 'p0')).toEqual([]);
    // top 10 % of dataMB: quantile 0.9 over nine 500s and one 40,000 = 500 + 0.1 × 39,500 = 4,450
    expect(index.thresholds['heavy_data#rule']).toBeCloseTo(4450, 9);
    expect(index.thresholds['upgrade_5g_candidate#rule.all.1.any.1']).toBeCloseTo(4450, 9);
    expect(() => applyTagCatalogue(defaultTagCatalogue, people.map(({ churnProbability: _c, ...p }) => p))).toThrow(/churnProbability/);
    const noChurn = applyTagCatalogue(defaultTagCatalogue, people.map(({ churnProbability: _c, ...p }) => p), { allowMissingFields: true });
    expect(countAudience(noChurn, 'churn_risk')).toBe(0);
  });
});

describe('tagsOf, explainTags, updateTagIndex, serialisation', () => {
  const index = applyTagCatalogue(catalogue, profiles);

  test('tagsOf(index, unknown id) throws DataError', () => {
    expect(() => tagsOf(index, 'zz')).toThrow(/tagsOf: subscriber 'zz' is not in the index/);
  });

  test('explainTags shows each condition with the value that decided it', () => {
    const ex = explainTags(index, catalogue, profiles, 'c');
    expect(ex.map((e) => [e.tagId, e.holds])).toEqual([
      ['power', true], ['big', true], ['top_data', true], ['mid', false], ['g4', true], ['not5g', true], ['known', true], ['listed', false], ['loyal', true],
    ]);
    expect(ex[0]).toMatchObject({ tagId: 'power', heldChildren: ['big', 'top_data'], recomputed: true });
    expect(ex[2]!.condition).toEqual({ condition: 'dataMB >= 27.5 (quantile 0.5 of the population)', result: true, field: 'dataMB', value: 500, threshold: 27.5 });
    expect(ex[4]!.condition).toEqual({
      condition: 'all of',
      result: true,
      conditions: [
        { condition: 'net == "4G"', result: true, field: 'net', value: '4G' },
        { condition: 'not', result: true, conditions: [{ condition: 'dataMB between 0 and 10', result: false, field: 'dataMB', value: 500 }] },
      ],
    });
    const d = explainTags(index, catalogue, profiles, 'd');
    expect(d[1]!.condition).toEqual({ condition: 'bill > 100', result: false, field: 'bill', value: null });
  });

  test('explainTags reads the column form and a single profile; recomputed flags a changed profile', () => {
    const cols = { ids: profiles.map((p) => p.id), columns: Object.fromEntries(['bill', 'dataMB', 'net', 'loyal'].map((f) => [f, profiles.map((p) => (p as Record<string, unknown>)[f] ?? null)])) };
    const viaCols = explainTags(index, catalogue, cols as never, 'a');
    expect(viaCols).toEqual(explainTags(index, catalogue, profiles, 'a'));
    const changed = explainTags(index, catalogue, { bill: 10, dataMB: 5, net: '4G', loyal: true }, 'a');
    expect(changed[1]).toMatchObject({ tagId: 'big', holds: true, recomputed: false });
    expect(() => explainTags(index, catalogue, profiles, 'zz')).toThrow(DataError);
  });

  test("explainTags(index, catalogue, subscriberId, { profiles }) — the issue's shape — equals the profiles-third form", () => {
    expect(explainTags(index, catalogue, 'c', { profiles })).toEqual(explainTags(index, catalogue, profiles, 'c'));
    expect(explainTags(index, catalogue, 'a', { profiles: { bill: 10, dataMB: 5, net: '4G', loyal: true } })[1]).toMatchObject({ tagId: 'big', holds: true, recomputed: false });
    expect(() => explainTags(index, catalogue, 'zz', { profiles })).toThrow(/explainTags: subscriber 'zz' is not in the index/);
  });

  test('explainTags(index, catalogue, subscriberId) without profiles: held tags and the rules, conditions not evaluated', () => {
    const ex = explainTags(index, catalogue, 'c');
    expect(ex.map((e) => [e.tagId, e.holds, e.recomputed])).toEqual([
      ['power', true, null], ['big', true, null], ['top_data', true, null], ['mid', false, null], ['g4', true, null],
      ['not5g', true, null], ['known', true, null], ['listed', false, null], ['loyal', true, null],
    ]);
    expect(ex[0]).toMatchObject({ heldChildren: ['big', 'top_data'] });
    expect(ex[2]!.condition).toEqual({ condition: 'dataMB >= 27.5 (quantile 0.5 of the population)', result: null, field: 'dataMB', threshold: 27.5 });
    expect(ex[4]!.condition).toEqual({
      condition: 'all of',
      result: null,
      conditions: [
        { condition: 'net == "4G"', result: null, field: 'net' },
        { condition: 'not', result: null, conditions: [{ condition: 'dataMB between 0 and 10', result: null, field: 'dataMB' }] },
      ],
    });
    expect(() => explainTags(index, catalogue, 'zz')).toThrow(/explainTags: subscriber 'zz' is not in the index/);
  });

  test('explainTags doc example', () => {
    const cat: TagCatalogue = { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] };
    const ps = [{ id: 'a', bill: 120 }];
    const ix = applyTagCatalogue(cat, ps);
    expect(explainTags(ix, cat, 'a', { profiles: ps })[0]!.condition).toEqual({ condition: 'bill > 100', result: true, field: 'bill', value: 120 });
    expect(explainTags(ix, cat, 'a')[0]).toEqual({ tagId: 'big', label: 'Big bill', level: 1, holds: true, recomputed: null, condition: { condition: 'bill > 100', result: null, field: 'bill' } });
  });

  test('updateTagIndex throws a DataError naming a field the profile lacks, unless allowMissingFields', () => {
    const typo = { bill: 500, dataMB: 9999, net: '4G', loyall: true };
    expect(() => updateTagIndex(index, catalogue, 'a', typo)).toThrow(DataError);
    expect(() => updateTagIndex(index, catalogue, 'a', typo)).toThrow(/updateTagIndex: tag 'loyal' uses field 'loyal', which the profile does not have/);
    const kept = updateTagIndex(index, catalogue, 'a', typo, { allowMissingFields: true });
    expect(tagsOf(kept, 'a')).not.toContain('loyal');
    // a key present with null / undefined / NaN is a missing value, not an error
    expect(tagsOf(updateTagIndex(index, catalogue, 'a', { bill: null, dataMB: NaN, net: undefined, loyal: true }), 'a')).toEqual(['loyal']);
  });

  test('updateTagIndex equals a full re-evaluation for the changed subscriber (thresholds kept)', () => {
    const changed = { id: 'b', bill: 130, dataMB: 2, net: '4G', loyal: true };
    const updated = updateTagIndex(index, catalogue, 'b', changed);
    expect(table(updated)).toEqual({
      power: '11100',
      big: '11100',
      top_data: '00100',
      mid: '10001',
      g4: '00100',
      not5g: '11101',
      known: '11101',
      listed: '00001',
      loyal: '11100',
    });
    expect(table(index).big).toBe('10100'); // the input index is unchanged
    // same profile → identical index
    expect(serializeTagIndex(updateTagIndex(index, catalogue, 'c', profiles[2]!))).toBe(serializeTagIndex(index));
  });

  test('updateTagIndex adds a new subscriber as the last row', () => {
    const grown = updateTagIndex(index, catalogue, 'f', { bill: 500, dataMB: 9999, net: '4G' }, { allowMissingFields: true });
    expect(grown.nRows).toBe(6);
    expect(grown.ids.at(-1)).toBe('f');
    expect(tagsOf(grown, 'f')).toEqual(['power', 'big', 'top_data', 'g4', 'not5g', 'known']);
    expect(table(grown).big).toBe('101001');
    expect(() => updateTagIndex(index, { tags: [bigOnly] }, 'a', {})).toThrow(/updateTagIndex: the catalogue's tags/);
  });

  test('serializeTagIndex → parseTagIndex and serializeModel → parseModel round-trip bit for bit', () => {
    const text = serializeTagIndex(index);
    expect(serializeTagIndex(parseTagIndex(text))).toBe(text);
    const back = parseModel(serializeModel(index), 'tags/index');
    expect(back.bitsets.map((b) => Array.from(b))).toEqual(index.bitsets.map((b) => Array.from(b)));
  });

  test('parseTagIndex rejects tampered text', () => {
    const obj = JSON.parse(serializeTagIndex(index));
    expect(() => parseTagIndex(JSON.stringify({ ...obj, kind: 'x/y' }))).toThrow(ModelError);
    expect(() => parseTagIndex(JSON.stringify({ ...obj, version: 3 }))).toThrow(/parseTagIndex: 'tags\/index' model has version 3, newer than this telcokit supports \(2\)/);
    expect(() => parseTagIndex(JSON.stringify({ ...obj, nRows: 6 }))).toThrow(/parseTagIndex: 'tags\/index' model is malformed at ids/);
    expect(() => parseTagIndex(JSON.stringify({ ...obj, ids: obj.ids.map(() => 'same') }))).toThrow(/malformed at ids\.1: duplicate subscriber id "same"/);
    const bad = { ...obj, bitsets: obj.bitsets.slice(1) };
    expect(() => parseTagIndex(JSON.stringify(bad))).toThrow(/bitsets/);
    const past = addTagToIndex(index, 'x', ['a']);
    const o2 = JSON.parse(serializeTagIndex(past));
    o2.bitsets[o2.bitsets.length - 1] = JSON.parse(serializeTagIndex({ ...past, bitsets: [new Uint32Array([0xffffffff])], tagIds: ['x'] })).bitsets[0];
    expect(() => parseTagIndex(JSON.stringify(o2))).toThrow(/bits set past the last row/);
    expect(() => parseTagIndex('nope')).toThrow(/parseTagIndex: not valid model JSON/);
  });

  test('addTagToIndex adds a tag from ids or a bitset, and replaces an existing one', () => {
    const withX = addTagToIndex(index, 'x', ['b', 'zz']);
    expect(tagsOf(withX, 'b')).toContain('x');
    expect(countAudience(withX, 'x')).toBe(1);
    const viaBits = addTagToIndex(index, 'x', new Uint32Array([0xffffffff]));
    expect(countAudience(viaBits, 'x')).toBe(5);
    expect(addTagToIndex(viaBits, 'x', ['a']).tagIds.length).toBe(viaBits.tagIds.length);
    expect(() => addTagToIndex(index, 'NOT', [])).toThrow(DataError);
    expect(() => addTagToIndex(index, 'y', new Uint32Array(3))).toThrow(/bitset has 3 words/);
  });
});

describe('duplicate ids', () => {
  test('applyTagCatalogue names the first repeated id and both rows', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `id${i}`);
    ids[4000] = 'id17';
    ids[4500] = 'id3';
    expect(() => applyTagCatalogue({ tags: [bigOnly] }, { ids, columns: { bill: new Float64Array(5000) } })).toThrow(
      "applyTagCatalogue: duplicate subscriber id 'id17' at rows 17 and 4000",
    );
  });
});
