/**
 * CPU time (user + system, `process.cpuUsage()`) of the demo's validation and hybrid-recommender
 * steps on the synthetic operator, so a change can be compared on a shared machine where wall
 * clock is at the mercy of the load. Not a `*.bench.ts` (the summary does not run it):
 *
 *   DEMO_SUBSCRIBERS=100000 flock /tmp/bench.lock npx tsx bench/tools/demo-steps.ts
 *
 * For the "before" figure, run it on a checkout of the earlier commit.
 */
import { CallEdgeSchema, InteractionSchema, UsageMonthSchema, fitRecommender, generateOperator, validateRecords } from 'telcokit';

const N = Number(process.env.DEMO_SUBSCRIBERS ?? 100_000);
const op = generateOperator({ subscribers: N, months: 6, seed: 7, surveys: 2_000 });
const cpu = (f: () => unknown): string => {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const d = process.cpuUsage(c);
  return `${((d.user + d.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - t) / 1e3).toFixed(2)} s wall`;
};
for (const [name, schema, rows] of [
  ['usage', UsageMonthSchema, op.usage],
  ['callEdges', CallEdgeSchema, op.callEdges],
  ['interactions', InteractionSchema, op.interactions],
] as const) {
  console.log(`${N} subscribers: validate ${name} (${rows.length} rows): ${cpu(() => validateRecords(schema, rows as readonly unknown[]))}`);
}
console.log(`${N} subscribers: fitRecommender: ${cpu(() => fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { segmentField: 'planGroup', seed: 7 }))}`);
