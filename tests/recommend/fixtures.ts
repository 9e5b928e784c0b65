/** A small hand-built operator for the hybrid's tests: three segments with distinct tastes. */
import type { RecommendInteraction, RecommendOffer, RecommendSubscriber } from 'telcokit';

export const offers: RecommendOffer[] = [
  { id: 'P-basic', name: 'Basic plan', category: 'plan', price: 20, attributes: { network: '4G', dataGB: 10 } },
  { id: 'P-5g', name: '5G Unlimited', category: 'plan', price: 60, attributes: { network: '5G', dataGB: 200 } },
  { id: 'D-10', name: '10 GB pack', category: 'data_pack', price: 10, attributes: { dataGB: 10 } },
  { id: 'D-50', name: '50 GB pack', category: 'data_pack', price: 30, attributes: { dataGB: 50 } },
  { id: 'C-video', name: 'Video bundle', category: 'content', price: 15, attributes: { genre: 'video' } },
  { id: 'C-music', name: 'Music bundle', category: 'content', price: 8, attributes: { genre: 'music' } },
  { id: 'V-family', name: 'Family sharing', category: 'vas', price: 5, attributes: { family: true } },
  { id: 'B-fibre', name: 'Fibre 1G', category: 'broadband', price: 40, attributes: { speedMbps: 1000, family: true } },
  // never taken by anyone: a cold offer
  { id: 'X-phone', name: 'Flagship phone', category: 'device', price: 900, attributes: { network: '5G' } },
];

const tastes: Record<string, string[]> = {
  youth: ['D-10', 'C-music', 'C-video', 'D-50'],
  family: ['P-basic', 'V-family', 'B-fibre', 'C-video'],
  pro: ['P-5g', 'D-50', 'B-fibre', 'C-music'],
};

export const subscribers: RecommendSubscriber[] = [];
export const interactions: RecommendInteraction[] = [];
for (const [segment, items] of Object.entries(tastes)) {
  for (let s = 0; s < 12; s++) {
    const id = `${segment}-${s}`;
    subscribers.push({ id, segment, ageBand: segment === 'youth' ? '18-25' : '26-60', monthlySpend: 20 + 10 * (s % 4) + (segment === 'pro' ? 40 : 0), kids: segment === 'family' });
    // each subscriber takes a prefix of the segment's list (length 1–4), in order, a day apart
    const len = 1 + (s % 4);
    for (let t = 0; t < len; t++) {
      interactions.push({ subscriberId: id, offerId: items[t]!, timestamp: `2025-03-${String(1 + t + (s % 5)).padStart(2, '0')}T10:00:00Z`, kind: 'accept' });
    }
    interactions.push({ subscriberId: id, offerId: 'X-phone', timestamp: '2025-03-20T10:00:00Z', kind: 'impression' });
  }
}

/** A random interaction list: `nS` subscribers, `nO` offers (skewed popularity), each subscriber 1–`per` offers with weights 1–3; xorshift-seeded. */
export function randomData(nS: number, nO: number, per: number, seed: number): RecommendInteraction[] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const out: RecommendInteraction[] = [];
  for (let u = 0; u < nS; u++) {
    const k = 1 + Math.floor(next() * per);
    for (let t = 0; t < k; t++) {
      out.push({ subscriberId: `u${u}`, offerId: `o${Math.floor(next() ** 2 * nO)}`, timestamp: '2025-01-01T00:00:00Z', kind: 'accept', weight: 1 + Math.floor(next() * 3) });
    }
  }
  return out;
}
