import * as z from 'zod';
import { count, id, month, nonNegative } from './fields.js';

/** Calls from one subscriber to another in one month (an edge of the call graph). @category Schema */
export const CallEdgeSchema = /* @__PURE__ */ (() => z.object({
  /** Calling subscriber id. */
  callerId: id(),
  /** Called subscriber id (may be off-network). */
  calleeId: id(),
  /** Month, `YYYY-MM`. */
  month: month(),
  /** Number of calls. */
  calls: count(),
  /** Total minutes. */
  minutes: nonNegative(),
}))();
/** A call-graph edge. @category Schema */
export type CallEdge = z.infer<typeof CallEdgeSchema>;
