/**
 * Step 8 of {@link generateOperator}: campaign impressions, clicks, accepts and declines, then
 * organic purchases drawn from the true affinity.
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import type { Interaction } from '../../schema/interaction.js';
import { CHUNK, DAY_MS, HOUR_MS, PERSONAS, isoInstant, presentUntil, type GenContext } from './context.js';
import { cumulative, sampleCategorical, samplePoisson, sigmoid } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { ChurnPart } from './churn.js';
import type { AffinityPart } from './affinity.js';

/** Draws 3 campaigns a month (about `impPer` impressions per subscriber in all) and organic buys, from `rInter`. */
export function generateInteractions(ctx: GenContext, sub: SubscriberPart, churn: ChurnPart, aff: AffinityPart, impPer: number, rInter: Rng): Interaction[] {
  const { n, M, nP, step, monthStart, monthNames, windowStart, windowEnd } = ctx;
  const { persona, ids } = sub;
  const { churnMonth } = churn;
  const { offers, base, score, offerAffinity } = aff;
  const O = offers.length;
  const tsCodes = new Array<number>(20);
  const interactions: Interaction[] = [];
  const byPersona: number[][] = PERSONAS.map(() => []);
  for (let i = 0; i < n; i++) byPersona[persona[i]!]!.push(i);
  const channels = ['sms', 'app_push', 'call_centre', 'store', 'web'] as const;
  const channelCum = cumulative([0.3, 0.35, 0.1, 0.1, 0.15]);
  const nCamp = impPer > 0 ? 3 * M : 0;
  const perCamp = nCamp > 0 ? Math.round((n * impPer) / nCamp) : 0;
  const isActive = (i: number, t: number) => churnMonth[i]! < 0 || churnMonth[i]! > t;
  for (let c = 0; c < nCamp; c++) {
    step('interactions', c, nCamp);
    const t = Math.floor(c / 3);
    const j = rInter.int(O);
    const channel = channels[sampleCategorical(rInter, channelCum)]!;
    const campaignId = `CMP-${monthNames[t]!.replace('-', '')}-${(c % 3) + 1}`;
    let target = -1;
    if (rInter.next() < 0.6) {
      let best = -Infinity;
      for (let p = 0; p < nP; p++) {
        if (base[p * O + j]! > best && byPersona[p]!.length > 0) {
          best = base[p * O + j]!;
          target = p;
        }
      }
    }
    const sendMs = monthStart[t]! + ((c % 3) * 9 + rInter.int(3)) * DAY_MS;
    const offerId = offers[j]!.id;
    for (let q = 0; q < perCamp; q++) {
      const i = target >= 0 && rInter.next() < 0.7 ? byPersona[target]![rInter.int(byPersona[target]!.length)]! : rInter.int(n);
      if (!isActive(i, t)) continue;
      const ms = sendMs + (9 + rInter.int(12)) * HOUR_MS + rInter.int(3600) * 1000;
      const sid = ids[i]!;
      interactions.push({ subscriberId: sid, offerId, timestamp: isoInstant(tsCodes, ms), kind: 'impression', channel, campaignId });
      const s = score(i, j);
      if (rInter.next() < sigmoid(s - 1.5)) {
        const clickMs = ms + rInter.int(3 * 3600) * 1000;
        interactions.push({ subscriberId: sid, offerId, timestamp: isoInstant(tsCodes, clickMs), kind: 'click', channel, campaignId });
        const decideMs = isoInstant(tsCodes, clickMs + rInter.int(2 * 86400) * 1000);
        if (rInter.next() < sigmoid(s - 0.5)) interactions.push({ subscriberId: sid, offerId, timestamp: decideMs, kind: 'accept', channel, campaignId });
        else if (rInter.next() < 0.5) interactions.push({ subscriberId: sid, offerId, timestamp: decideMs, kind: 'decline', channel, campaignId });
      }
    }
  }
  const cumAff = new Float64Array(O);
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('organic', i, n);
    const span = presentUntil(ctx, churnMonth[i]!) - windowStart;
    if (span <= 0) continue;
    const cnt = samplePoisson(rInter, (0.25 * span) / (windowEnd - windowStart));
    if (cnt === 0) continue;
    let acc = 0;
    for (let j = 0; j < O; j++) cumAff[j] = acc += offerAffinity[i * O + j]!;
    for (let q = 0; q < cnt; q++) {
      const u = rInter.next() * acc;
      let j = 0;
      while (j < O - 1 && u >= cumAff[j]!) j++;
      const ms = windowStart + Math.floor(rInter.next() * (span - HOUR_MS));
      interactions.push({ subscriberId: ids[i]!, offerId: offers[j]!.id, timestamp: isoInstant(tsCodes, ms), kind: 'accept', channel: rInter.next() < 0.6 ? 'web' : 'store' });
    }
  }
  step('organic', n, n);
  return interactions;
}
