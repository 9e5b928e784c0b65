/**
 * Step 5 of {@link generateOperator}: monthly call edges between subscribers still present.
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import type { CallEdge } from '../../schema/call-edge.js';
import type { GenContext } from './context.js';
import { sampleLogNormal, samplePoisson } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { CallGraphPart } from './call-graph.js';
import { declineFactor, type ChurnPart } from './churn.js';

/** Call edges as columns: one entry per edge in each field (what `generateOperator({ callEdges: 'columns' })` gives). @category Data */
export type CallEdgeColumnTable = {
  readonly callerId: string[];
  readonly calleeId: string[];
  readonly month: string[];
  readonly calls: number[];
  readonly minutes: number[];
};

/**
 * Draws the monthly calls of every contact from `rEdges` (none when `withEdges` is false), as
 * records or, with `asColumns`, as columns holding the same values in the same order.
 */
export function generateCallEdges(ctx: GenContext, sub: SubscriberPart, graph: CallGraphPart, churn: ChurnPart, withEdges: boolean, rEdges: Rng, asColumns = false): { records: CallEdge[]; columns: CallEdgeColumnTable | null } {
  const { n, M, step, monthNames } = ctx;
  const { ids } = sub;
  const { outStart, dst, lambda } = graph;
  const { churnMonth, intentMonth, declineRate } = churn;
  const callEdges: CallEdge[] = [];
  const cols: CallEdgeColumnTable | null = asColumns ? { callerId: [], calleeId: [], month: [], calls: [], minutes: [] } : null;
  if (withEdges) {
    for (let t = 0; t < M; t++) {
      step('callEdges', t, M);
      const mo = monthNames[t]!;
      for (let i = 0; i < n; i++) {
        const ci = churnMonth[i]!;
        if (ci >= 0 && ci <= t) continue;
        const dec = declineFactor(intentMonth[i]!, declineRate[i]!, t);
        for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
          const j = dst[e]!;
          if (j < 0) continue;
          const cj = churnMonth[j]!;
          if (cj >= 0 && cj <= t) continue;
          const calls = samplePoisson(rEdges, lambda[e]! * dec);
          if (calls === 0) continue;
          const minutes = Math.max(1, Math.round(calls * sampleLogNormal(rEdges, 2.5, 0.5)));
          if (cols) {
            cols.callerId.push(ids[i]!);
            cols.calleeId.push(ids[j]!);
            cols.month.push(mo);
            cols.calls.push(calls);
            cols.minutes.push(minutes);
          } else callEdges.push({ callerId: ids[i]!, calleeId: ids[j]!, month: mo, calls, minutes });
        }
      }
    }
    step('callEdges', M, M);
  }
  return { records: callEdges, columns: cols };
}
