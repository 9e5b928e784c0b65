import { describe, expect, test } from 'vitest';
import { ValidationError, defaultTagCatalogue, parseTagCatalogue, DEFAULT_TAG_FIELDS } from 'telcokit';

const leaf = { field: 'monthlyBill', op: '>', value: 100 };

function message(input: unknown): string {
  try {
    parseTagCatalogue(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('parseTagCatalogue', () => {
  test('parseTagCatalogue(defaultTagCatalogue) accepts the shipped catalogue', () => {
    const c = parseTagCatalogue(defaultTagCatalogue);
    expect(c.tags.map((t) => t.id)).toEqual([
      'consumption_power', 'high_consumption', 'heavy_data', 'tier1_city', 'interest', 'night_entertainment', 'travel',
      'travel_enthusiast', 'business_traveller', 'lifecycle', 'family_user', 'device', 'upgrade_5g_candidate',
      'device_change_recent', 'churn_risk',
    ]);
  });
  test('the default catalogue reads only fields listed in DEFAULT_TAG_FIELDS', () => {
    const fields = new Set<string>();
    const walk = (r: unknown): void => {
      const o = r as Record<string, unknown>;
      if (Array.isArray(o.all)) o.all.forEach(walk);
      else if (Array.isArray(o.any)) o.any.forEach(walk);
      else if (o.not) walk(o.not);
      else fields.add(o.field as string);
    };
    for (const t of defaultTagCatalogue.tags) if (t.rule) walk(t.rule);
    expect([...fields].sort()).toEqual(Object.keys(DEFAULT_TAG_FIELDS).sort());
  });
  test('parseTagCatalogue(json text) parses JSON', () => {
    expect(parseTagCatalogue(JSON.stringify({ tags: [{ id: 'a', label: 'A', level: 1, rule: leaf }] })).tags).toHaveLength(1);
    expect(message('{ not json')).toMatch(/^parseTagCatalogue: catalogue is not valid JSON/);
  });
  test('rejects a cyclic parent chain, naming the tags', () => {
    const msg = message({
      tags: [
        { id: 'a', label: 'A', level: 1, parent: 'c', rule: leaf },
        { id: 'b', label: 'B', level: 2, parent: 'a', rule: leaf },
        { id: 'c', label: 'C', level: 3, parent: 'b', rule: leaf },
      ],
    });
    expect(msg).toMatch(/cyclic parent links: a → c → b → a/);
  });
  test('rejects a tag that is its own parent, an unknown parent and a duplicate id', () => {
    expect(message({ tags: [{ id: 'a', label: 'A', level: 1, parent: 'a', rule: leaf }] })).toMatch(/tag 'a' is its own parent/);
    expect(message({ tags: [{ id: 'a', label: 'A', level: 2, parent: 'nope', rule: leaf }] })).toMatch(/tag 'a' names unknown parent 'nope'/);
    expect(
      message({ tags: [{ id: 'a', label: 'A', level: 1, rule: leaf }, { id: 'a', label: 'A2', level: 1, rule: leaf }] }),
    ).toMatch(/duplicate tag id 'a' \(also tags\[0\]\)/);
  });
  test('rejects thresholds of the wrong type with the tag and the path', () => {
    const msg = message({ tags: [{ id: 'heavy', label: 'H', level: 1, rule: { all: [leaf, { field: 'dataMB', op: '>', value: '5000' }] } }] });
    expect(msg).toMatch(/tag 'heavy' \(tags\[0\]\.rule\.all\[1\]\.value\): operator '>' on 'dataMB' needs a finite number threshold, got string "5000"/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', between: [5, 1] } }] })).toMatch(/low 5 above high 1/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', between: ['1', 2] } }] })).toMatch(/needs \[low, high\] numbers/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', op: '>=', quantile: 1.5 } }] })).toMatch(/quantile must be a number in 0\.\.1/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', op: '==', quantile: 0.5 } }] })).toMatch(/quantile threshold needs >, >=, < or <=/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', op: '~', value: 1 } }] })).toMatch(/unknown operator "~"/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', in: [] } }] })).toMatch(/'in' on 'f' needs a non-empty array/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', exists: 'yes' } }] })).toMatch(/'exists' on 'f' must be true or false/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { all: [] } }] })).toMatch(/'all' needs a non-empty array/);
    expect(message({ tags: [{ id: 'x', label: 'X', level: 1, rule: { field: 'f', op: '>', value: 1, extra: 2 } }] })).toMatch(/unexpected key\(s\) 'extra'/);
  });
  test('rejects bad ids, a category without children and a child not deeper than its parent', () => {
    expect(message({ tags: [{ id: 'and', label: 'A', level: 1, rule: leaf }] })).toMatch(/reserved words/);
    expect(message({ tags: [{ id: '9x', label: 'A', level: 1, rule: leaf }] })).toMatch(/a tag id starts with a letter/);
    expect(message({ tags: [{ id: 'cat', label: 'A', level: 1 }] })).toMatch(/tag 'cat' has no rule and no children/);
    expect(message({ tags: [{ id: 'p', label: 'P', level: 2, rule: leaf }, { id: 'c', label: 'C', level: 2, parent: 'p', rule: leaf }] })).toMatch(
      /tag 'c' has level 2, not deeper than its parent 'p'/,
    );
  });
  test('ValidationError.issues carry the path inside the catalogue', () => {
    try {
      parseTagCatalogue({ tags: [{ id: 'a', label: 'A', level: 1, rule: { field: 'x', op: '<', value: true } }] });
      expect.unreachable();
    } catch (e) {
      const issues = (e as ValidationError).issues;
      expect(issues[0]!.path).toEqual(['tags', 0, 'rule', 'value']);
      expect(issues[0]!.value).toBe(true);
    }
  });
});
