import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DataError, countAudience, createFeatureMatrix, discoverTags, applyTagCatalogue, parseTagCatalogue, tagsOf } from 'telcokit';

/** Three personas, 40 rows each: night streamers, daytime talkers, and typical users. */
function personas() {
  const cols = ['nightDataShare', 'dayCalls', 'bill'];
  const values: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) {
    const g = Math.floor(i / 40);
    const jitter = ((i * 7919) % 13) / 13 - 0.5; // deterministic, within ±0.5
    if (g === 0) values.push(0.8 + 0.05 * jitter, 5 + jitter, 50 + jitter);
    else if (g === 1) values.push(0.1 + 0.05 * jitter, 120 + 5 * jitter, 50 + jitter);
    else values.push(0.35 + 0.05 * jitter, 45 + 5 * jitter, 50 + jitter);
    ids.push(`s${i}`);
  }
  return createFeatureMatrix(new Float64Array(values), cols, ids);
}

describe('discoverTags', () => {
  test('discoverTags(matrix, { k: 3 }) recovers the personas and names them by their features', () => {
    const m = personas();
    const d = discoverTags(m, { k: 3, seed: 1 });
    const byRow0 = d.assignments[0]!;
    const byRow40 = d.assignments[40]!;
    const byRow80 = d.assignments[80]!;
    expect(new Set([byRow0, byRow40, byRow80]).size).toBe(3);
    for (let i = 0; i < 120; i++) expect(d.assignments[i]).toBe([byRow0, byRow40, byRow80][Math.floor(i / 40)]);
    expect(d.proposals[byRow0]!.tag.label).toBe('nightDataShare high · dayCalls low');
    expect(d.proposals[byRow40]!.tag.label).toBe('dayCalls high · nightDataShare low');
    // the middle persona sits near the population mean on the strong features
    expect(d.proposals[byRow80]!.features.every((f) => f.feature !== 'bill')).toBe(true);
    expect(d.proposals.map((p) => p.size).sort()).toEqual([40, 40, 40]);
    expect(d.proposals[byRow0]!.tag).toMatchObject({ id: `cluster_${byRow0}`, level: 2, parent: 'cluster', rule: { field: 'segment', op: '==', value: byRow0 } });
    expect(d.proposals[byRow0]!.features[0]).toMatchObject({ feature: 'nightDataShare', direction: 'high' });
    expect(d.proposals[byRow0]!.features[0]!.effect).toBeCloseTo((0.8 - (0.8 + 0.1 + 0.35) / 3) / d.sds[0]!, 2);
  });
  test('the proposed catalogue is valid and evaluates to the clusters', () => {
    const d = discoverTags(personas(), { k: 3, seed: 1, prefix: 'persona' });
    parseTagCatalogue(d.catalogue);
    const index = applyTagCatalogue(d.catalogue, d.profiles);
    for (const p of d.proposals) expect(countAudience(index, p.tag.id)).toBe(p.size);
    expect(countAudience(index, 'persona')).toBe(120);
    expect(tagsOf(index, 's0')).toEqual(['persona', `persona_${d.assignments[0]}`]);
  });
  test('same seed → same proposals; the input is not mutated', () => {
    const m = personas();
    const before = Array.from(m.values);
    const a = discoverTags(m, { k: 3, seed: 5 });
    const b = discoverTags(m, { k: 3, seed: 5 });
    expect(a.proposals).toEqual(b.proposals);
    expect(Array.from(m.values)).toEqual(before);
  });
  test('a cluster no feature sets apart is "typical"; number[][] input works', () => {
    const d = discoverTags([[0, 0], [0, 0.01], [0.01, 0], [5, 5]], { k: 2, seed: 0, minEffect: 1.5 });
    expect(d.proposals.map((p) => p.tag.label).sort()).toEqual(['typical', 'x0 high · x1 high']);
  });
  test('the @example of discoverTags states what discoverTags returns', () => {
    // read the example from the doc comment itself, so the two cannot drift apart again
    const src = readFileSync(new URL('../../src/segment/discover-tags.ts', import.meta.url), 'utf8');
    const example = src.slice(src.indexOf('@example'), src.indexOf('@category Tags', src.indexOf('@example')));
    const values = /new Float64Array\(\[([^\]]*)\]\)/.exec(example)![1]!.split(',').map(Number);
    const options = /\{ k: (\d+), seed: (\d+) \}/.exec(example)!;
    const said = [...example.matchAll(/\/\/ => (\[.*\])/g)].map((m) => JSON.parse(m[1]!.replace(/'/g, '"')) as unknown);
    const d = discoverTags(
      { rowIds: ['a', 'b', 'c', 'd'], columns: ['nightData', 'dayCalls'], values: new Float64Array(values), nRows: 4, nCols: 2 },
      { k: Number(options[1]), seed: Number(options[2]) },
    );
    expect(said).toEqual([d.proposals.map((p) => p.tag.label), Array.from(d.assignments)]);
    expect(said[0]).toEqual(['nightData low · dayCalls high', 'nightData high · dayCalls low']);
  });
  test('bad input: empty, NaN, k above the distinct rows, bad prefix', () => {
    expect(() => discoverTags([], { k: 2 })).toThrow(/discoverTags: the matrix is empty/);
    expect(() => discoverTags([[1, NaN], [2, 3]], { k: 2 })).toThrow(/discoverTags: value NaN at row 0/);
    expect(() => discoverTags([[1, 1], [1, 1], [2, 2]], { k: 3 })).toThrow(DataError);
    expect(() => discoverTags([[1, 1], [2, 2]], { k: 1, prefix: '1x' })).toThrow(/prefix '1x' is not a valid tag id/);
  });
});
