/** Loader of ARX's Adult extract and hierarchies from ../shared/data/adult-arx (read-only). */
import { readFileSync } from 'node:fs';
import { hierarchyFromTable } from 'telcokit';
import type { Hierarchy } from 'telcokit';

const dir = new URL('../../../shared/data/adult-arx/', import.meta.url);
/** The eight quasi-identifiers in the README's order. */
export const ADULT_QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation'] as const;

function lines(name: string): string[][] {
  return readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(';'));
}

export function loadAdult(): { rows: Record<string, string>[]; hierarchies: Record<string, Hierarchy> } {
  const [header, ...data] = lines('adult.csv');
  const rows = data.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j]!])));
  const hierarchies = Object.fromEntries(ADULT_QIS.map((q) => [q, hierarchyFromTable(lines(`adult_hierarchy_${q}.csv`), q)]));
  return { rows, hierarchies };
}
