/**
 * Step 2 of {@link generateOperator}: the call graph. Communities of about 40 within a region,
 * mostly within a persona; each subscriber's contacts mostly inside the community, then the
 * region, then anywhere; and the undirected adjacency the churn contagion walks.
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import { CHUNK, PERSONAS, REGIONS, type GenContext } from './context.js';
import { sampleCategorical, sampleGamma, samplePoisson } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';

/** Share of subscribers whose community is drawn within their own persona. */
const COMMUNITY_SAME_PERSONA = 0.8;
/** Share of contacts inside the community (the rest split between the region and anywhere). */
const EDGE_IN_COMMUNITY = 0.85;

/** Directed contacts (CSR: outStart, dst, mean calls lambda) and the undirected adjacency. */
export interface CallGraphPart {
  readonly community: Int32Array;
  readonly outStart: Int32Array;
  /** Callee of each contact, −1 when none could be drawn. */
  readonly dst: Int32Array;
  /** Mean calls per month of each contact. */
  readonly lambda: Float32Array;
  readonly adjStart: Int32Array;
  readonly adj: Int32Array;
}

/** Draws the graph from `rGraph`. */
export function generateCallGraph(ctx: GenContext, sub: SubscriberPart, rGraph: Rng): CallGraphPart {
  const { n, nP, step, personaCum } = ctx;
  const { persona, region } = sub;
  const key = new Int32Array(n);
  const nKeys = REGIONS.length * nP;
  const keyCount = new Int32Array(nKeys + 1);
  for (let i = 0; i < n; i++) {
    const kp = rGraph.next() < COMMUNITY_SAME_PERSONA ? persona[i]! : sampleCategorical(rGraph, personaCum);
    const k = region[i]! * nP + kp;
    key[i] = k;
    keyCount[k + 1]!++;
  }
  for (let k = 0; k < nKeys; k++) keyCount[k + 1]! += keyCount[k]!;
  const order = new Int32Array(n); // subscribers sorted by key (stable)
  {
    const pos = keyCount.slice(0, nKeys);
    for (let i = 0; i < n; i++) order[pos[key[i]!]!++] = i;
  }
  const community = new Int32Array(n);
  const commStartList: number[] = [];
  for (let k = 0; k < nKeys; k++) {
    let a = keyCount[k]!;
    const end = keyCount[k + 1]!;
    while (a < end) {
      let size = 10 + samplePoisson(rGraph, 30);
      if (end - (a + size) < 5) size = end - a;
      const c = commStartList.length;
      commStartList.push(a);
      const b = Math.min(end, a + size);
      for (let q = a; q < b; q++) community[order[q]!] = c;
      a = b;
    }
  }
  commStartList.push(n);
  const commStart = Int32Array.from(commStartList);
  // members by region, for out-of-community contacts
  const regCount = new Int32Array(REGIONS.length + 1);
  for (let i = 0; i < n; i++) regCount[region[i]! + 1]!++;
  for (let k = 0; k < REGIONS.length; k++) regCount[k + 1]! += regCount[k]!;
  const byRegion = new Int32Array(n);
  {
    const pos = regCount.slice(0, REGIONS.length);
    for (let i = 0; i < n; i++) byRegion[pos[region[i]!]!++] = i;
  }
  // out-degrees, then targets
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i]! + 1 + samplePoisson(rGraph, PERSONAS[persona[i]!]!.contacts - 1);
  const nOut = outStart[n]!;
  const dst = new Int32Array(nOut).fill(-1);
  const lambda = new Float32Array(nOut);
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('graph', i, n);
    const c = community[i]!;
    const cs = commStart[c]!;
    const csz = commStart[c + 1]! - cs;
    const rg = region[i]!;
    const rs = regCount[rg]!;
    const rsz = regCount[rg + 1]! - rs;
    const a = outStart[i]!;
    const b = outStart[i + 1]!;
    const meanCalls = (0.6 * PERSONAS[persona[i]!]!.voiceMinutes[0]) / (3 * (b - a));
    for (let e = a; e < b; e++) {
      if (n === 1) break;
      let j = -1;
      for (let attempt = 0; attempt < 6 && j < 0; attempt++) {
        const u = rGraph.next();
        let cand: number;
        if (u < EDGE_IN_COMMUNITY && csz > 1) cand = order[cs + rGraph.int(csz)]!;
        else if (u < EDGE_IN_COMMUNITY + (1 - EDGE_IN_COMMUNITY) / 2 && rsz > 1) cand = byRegion[rs + rGraph.int(rsz)]!;
        else cand = rGraph.int(n);
        if (cand === i) continue;
        let dup = false;
        for (let f = a; f < e; f++) if (dst[f] === cand) dup = true;
        if (!dup) j = cand;
      }
      dst[e] = j;
      lambda[e] = (meanCalls * sampleGamma(rGraph, 0.8)) / 0.8;
    }
  }
  step('graph', n, n);
  // undirected adjacency (CSR) for contagion
  const adjStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
      const j = dst[e]!;
      if (j < 0) continue;
      adjStart[i + 1]!++;
      adjStart[j + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) adjStart[i + 1]! += adjStart[i]!;
  const adj = new Int32Array(adjStart[n]!);
  {
    const pos = adjStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
        const j = dst[e]!;
        if (j < 0) continue;
        adj[pos[i]!++] = j;
        adj[pos[j]!++] = i;
      }
    }
  }
  return { community, outStart, dst, lambda, adjStart, adj };
}
