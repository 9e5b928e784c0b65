/**
 * Step 6 of {@link generateOperator}: location pings near home, or in another region.
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import type { LocationPing } from '../../schema/location-ping.js';
import { CHUNK, DAY_MS, HOUR_MS, PERSONAS, REGIONS, isoInstant, presentUntil, round5, type GenContext } from './context.js';
import { sampleCategorical, sampleNormal, samplePoisson } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { ChurnPart } from './churn.js';

/** Draws about `pingsPer` pings per subscriber over the months present, from `rPings`. */
export function generatePings(ctx: GenContext, sub: SubscriberPart, churn: ChurnPart, pingsPer: number, rPings: Rng): LocationPing[] {
  const { n, step, windowStart, windowEnd, regionCum } = ctx;
  const { persona, region, homeLat, homeLon, ids } = sub;
  const { churnMonth } = churn;
  const tsCodes = new Array<number>(20);
  const pings: LocationPing[] = [];
  if (pingsPer > 0) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      if ((i & (CHUNK - 1)) === 0) step('pings', i, n);
      const end = presentUntil(ctx, churnMonth[i]!);
      const span = end - windowStart;
      if (span <= 0) continue;
      const P = PERSONAS[persona[i]!]!;
      const night = P.nightShare[0] > 0.4;
      const cnt = samplePoisson(rPings, (pingsPer * span) / (windowEnd - windowStart));
      times.length = 0;
      for (let q = 0; q < cnt; q++) {
        const day = Math.floor((rPings.next() * span) / DAY_MS);
        // waking hours 07–23, or 18–03 for night users
        const hour = night ? (18 + rPings.int(10)) % 24 : 7 + rPings.int(16);
        times.push(windowStart + day * DAY_MS + hour * HOUR_MS + rPings.int(3600) * 1000);
      }
      times.sort((a, b) => a - b);
      for (const ms of times) {
        let lat: number;
        let lon: number;
        if (rPings.next() < P.awayPing) {
          let reg = sampleCategorical(rPings, regionCum);
          if (reg === region[i]) reg = (reg + 1 + rPings.int(REGIONS.length - 1)) % REGIONS.length;
          lat = REGIONS[reg]!.lat + 0.15 * sampleNormal(rPings);
          lon = REGIONS[reg]!.lon + 0.15 * sampleNormal(rPings);
        } else {
          lat = homeLat[i]! + 0.03 * sampleNormal(rPings);
          lon = homeLon[i]! + 0.03 * sampleNormal(rPings);
        }
        pings.push({ subscriberId: ids[i]!, timestamp: isoInstant(tsCodes, Math.min(ms, end - 1000)), latitude: round5(lat), longitude: round5(lon) });
      }
    }
    step('pings', n, n);
  }
  return pings;
}
