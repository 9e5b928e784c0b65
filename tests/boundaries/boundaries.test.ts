/**
 * The boundary rules (.dependency-cruiser.cjs, run on src/ by `npm run check:boundaries` in
 * .ci/run) fail on purpose here: tests/boundaries/fixture/src is a small tree with one clean file
 * per layer and four deliberate violations, each marked `fixture VIOLATION <rule>` in its file.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cruise } from 'dependency-cruiser';
import type { ICruiseResult, IForbiddenRuleType } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[] };
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));

describe('module boundaries', () => {
  test('the rules catch a sibling import, a shared layer looking up, a type-only cycle and node: in core (one violation per cycle)', async () => {
    const { output } = await cruise(['src'], {
      baseDir: fixture,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
    });
    const summary = (output as ICruiseResult).summary;
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'layer-metrics: src/metrics/auc.ts → src/features/scaled.ts',
      'layer-tags: src/tags/discover-tags.ts → src/segment/kmeans.ts',
      'no-circular: src/features/cycle.ts → src/features/scaled.ts',
      'no-node-builtins-outside-node: src/tags/discover-tags.ts → events',
    ]);
    // all 8 fixture files (plus node's events) were read; the clean ones (internal, matrix,
    // features/pipeline, segment/kmeans) raise nothing
    expect(summary.totalCruised).toBe(9);
  });
});
