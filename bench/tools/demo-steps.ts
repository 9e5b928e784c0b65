/**
 * CPU time (user + system, `process.cpuUsage()`) of the demo's heavy steps on the synthetic
 * operator, each old way and new way in the same process, interleaved (old, new, old, new), so a
 * change can be compared on a shared machine where wall clock is at the mercy of the load. Not a
 * `*.bench.ts` (the summary does not run it):
 *
 *   DEMO_SUBSCRIBERS=100000 flock /tmp/bench.lock npx tsx bench/tools/demo-steps.ts
 *
 * Pairs: call edges validated as records (`validateRecords`) vs as columns (`validateColumns`);
 * the hybrid recommender with `refit: 'all'` vs `'blended'`. `DEMO_STEPS_REPEAT` (default 2) sets
 * how many old/new rounds run.
 */
import { CallEdgeSchema, fitRecommender, generateOperator, validateColumns, validateRecords } from 'telcokit';

const N = Number(process.env.DEMO_SUBSCRIBERS ?? 100_000);
const REPEAT = Number(process.env.DEMO_STEPS_REPEAT ?? 2);
const cpu = (f: () => unknown): { cpu: number; wall: number } => {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1e6, wall: (performance.now() - t) / 1e3 };
};
const show = (x: { cpu: number; wall: number }): string => `${x.cpu.toFixed(2)} s CPU (${x.wall.toFixed(2)} s wall)`;

const op = generateOperator({ subscribers: N, months: 6, seed: 7, surveys: 2_000 });
const cols = generateOperator({ subscribers: N, months: 6, seed: 7, surveys: 2_000, callEdges: 'columns' }).callEdgeColumns!;
const data = { interactions: op.interactions, subscribers: op.subscribers, offers: op.offers };
const pairs: [string, () => unknown, () => unknown][] = [
  [`call edges (${op.callEdges.length}): validateRecords vs validateColumns`, () => validateRecords(CallEdgeSchema, op.callEdges), () => validateColumns(CallEdgeSchema, cols)],
  ["fitRecommender: refit 'all' vs 'blended'", () => fitRecommender(data, { segmentField: 'planGroup', seed: 7 }), () => fitRecommender(data, { segmentField: 'planGroup', seed: 7, refit: 'blended' })],
];
for (const [name, before, after] of pairs) {
  const a: { cpu: number; wall: number }[] = [];
  const b: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < REPEAT; r++) {
    a.push(cpu(before));
    b.push(cpu(after));
  }
  const mean = (xs: { cpu: number }[]) => xs.reduce((s, x) => s + x.cpu, 0) / xs.length;
  console.log(`${N} subscribers, ${name}:\n  old ${a.map(show).join('; ')}\n  new ${b.map(show).join('; ')}\n  new/old CPU ${(mean(b) / mean(a)).toFixed(2)}`);
}
