import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  AbortError,
  CallEdgeSchema,
  OptionsError,
  generateOperator,
  InteractionSchema,
  LocationPingSchema,
  OfferSchema,
  PERSONAS,
  SubscriberSchema,
  UsageMonthSchema,
  validateRecords,
} from 'telcokit';
import type { SyntheticOperator } from 'telcokit';

function digest(op: SyntheticOperator): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([op.subscribers, op.usage, op.callEdges, op.pings, op.offers, op.interactions]));
  const t = op.truth;
  h.update(JSON.stringify([t.persona, t.personaIds, t.months, t.outcomeMonth]));
  for (const a of [t.churnHazard, t.churned, t.churnMonth, t.offerAffinity, t.community, t.personaIndex]) {
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
};

// one mid-sized operator shared by the distribution tests (12,000 subscribers × 6 months)
const N = 12_000;
const M = 6;
const op = generateOperator({ subscribers: N, months: M, seed: 1 });
const { truth } = op;
const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
const usageBy: UsageMonthRows[] = Array.from({ length: N }, () => []);
type UsageMonthRows = SyntheticOperator['usage'];
for (const u of op.usage) usageBy[index.get(u.subscriberId)!]!.push(u);
/** Subscribers active through the whole window (the population the churn label is defined on). */
const atRisk: number[] = [];
for (let i = 0; i < N; i++) if (truth.churnMonth[i]! < 0 || truth.churnMonth[i]! >= M) atRisk.push(i);

describe('generateOperator: reproducibility and shape', () => {
  const small = (seed: number, extra = {}) => generateOperator({ subscribers: 1_500, months: 4, seed, ...extra });

  test('generateOperator({ seed }) twice gives identical output (sha-256 of every record and truth array)', () => {
    expect(digest(small(42))).toBe(digest(small(42)));
  });

  test('generateOperator with different seeds gives different output', () => {
    const a = small(42);
    const b = small(43);
    expect(digest(a)).not.toBe(digest(b));
    expect(a.usage[0]).not.toEqual(b.usage[0]);
  });

  test('every record of a generated operator validates against its schema with zero errors', () => {
    const o = small(5);
    const checks = [
      [SubscriberSchema, o.subscribers],
      [UsageMonthSchema, o.usage],
      [CallEdgeSchema, o.callEdges],
      [LocationPingSchema, o.pings],
      [OfferSchema, o.offers],
      [InteractionSchema, o.interactions],
    ] as const;
    for (const [schema, rows] of checks) {
      expect(rows.length).toBeGreaterThan(0);
      const r = validateRecords(schema, rows as readonly unknown[], { coerce: false });
      expect(r.errors).toEqual([]);
      expect(r.valid.length).toBe(rows.length);
    }
  });

  test('the 12,000-subscriber operator validates too (all subscribers, first 30,000 usage rows and interactions)', () => {
    expect(validateRecords(SubscriberSchema, op.subscribers).errors).toEqual([]);
    expect(validateRecords(UsageMonthSchema, op.usage.slice(0, 30_000)).errors).toEqual([]);
    expect(validateRecords(InteractionSchema, op.interactions.slice(0, 30_000)).errors).toEqual([]);
  });

  test('ids, months and array lengths line up with the options', () => {
    expect(op.subscribers.length).toBe(N);
    expect(op.subscribers[0]!.id).toBe('S0000001');
    expect(op.subscribers[N - 1]!.id).toBe('S0012000');
    expect(op.offers.map((o) => o.id).slice(0, 3)).toEqual(['O001', 'O002', 'O003']);
    expect(op.offers.length).toBe(40);
    expect(new Set(op.offers.map((o) => o.category))).toEqual(new Set(['plan', 'data_pack', 'broadband', 'device', 'vas', 'content']));
    expect(truth.months).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(truth.outcomeMonth).toBe('2024-07');
    expect(truth.persona.length).toBe(N);
    expect(truth.personaIds).toEqual(PERSONAS.map((p) => p.id));
    expect(truth.churnHazard.length).toBe(N);
    expect(truth.churned.length).toBe(N);
    expect(truth.community.length).toBe(N);
    expect(truth.offerAffinity.length).toBe(N * 40);
    expect(truth.persona.every((p, i) => p === truth.personaIds[truth.personaIndex[i]!])).toBe(true);
  });

  test('usage has one row per active month, grouped by subscriber; in-window churners are closed and stop', () => {
    let expected = 0;
    const bad: number[] = [];
    for (let i = 0; i < N; i++) {
      const cm = truth.churnMonth[i]!;
      const active = cm >= 0 && cm < M ? cm : M;
      expected += active;
      const rows = usageBy[i]!;
      const ok =
        rows.length === active &&
        rows.every((u, t) => u.month === truth.months[t]) &&
        op.subscribers[i]!.status === (cm >= 0 && cm < M ? 'closed' : 'active') &&
        truth.churned[i] === (cm === M ? 1 : 0);
      if (!ok) bad.push(i);
    }
    expect(bad).toEqual([]);
    expect(op.usage.length).toBe(expected);
    // grouped: a subscriber's rows are contiguous
    let changes = 0;
    for (let k = 1; k < op.usage.length; k++) if (op.usage[k]!.subscriberId !== op.usage[k - 1]!.subscriberId) changes++;
    expect(changes).toBe(new Set(op.usage.map((u) => u.subscriberId)).size - 1);
  });

  test('startMonth across a year end gives the right months; one subscriber and one month work', () => {
    const o = generateOperator({ subscribers: 3, months: 3, startMonth: '2023-11', seed: 2 });
    expect(o.truth.months).toEqual(['2023-11', '2023-12', '2024-01']);
    expect(o.truth.outcomeMonth).toBe('2024-02');
    const one = generateOperator({ subscribers: 1, months: 1, offers: 1 });
    expect(one.subscribers.length).toBe(1);
    expect(one.callEdges).toEqual([]);
    expect(validateRecords(UsageMonthSchema, one.usage).errors).toEqual([]);
    expect(one.truth.offerAffinity.length).toBe(1);
  });

  test('callEdges: false and pingsPerSubscriber: 0 switch those parts off and leave the rest unchanged', () => {
    const a = small(9);
    const b = small(9, { callEdges: false, pingsPerSubscriber: 0 });
    expect(b.callEdges).toEqual([]);
    expect(b.pings).toEqual([]);
    expect(b.usage).toEqual(a.usage);
    expect(b.interactions).toEqual(a.interactions);
    expect(Array.from(b.truth.community)).toEqual(Array.from(a.truth.community));
  });

  test("callEdges: 'columns' gives the same edges as columns, the rest unchanged; a bad value is an OptionsError", () => {
    const a = small(9);
    const b = small(9, { callEdges: 'columns' });
    expect(b.callEdges).toEqual([]);
    expect(a.callEdgeColumns).toBeUndefined();
    const cols = b.callEdgeColumns!;
    expect(a.callEdges.length).toBeGreaterThan(100);
    const asRecords = cols.callerId.map((callerId, e) => ({ callerId, calleeId: cols.calleeId[e], month: cols.month[e], calls: cols.calls[e], minutes: cols.minutes[e] }));
    expect(asRecords).toStrictEqual(a.callEdges);
    expect({ ...b, callEdges: a.callEdges, callEdgeColumns: undefined }).toEqual({ ...a, callEdgeColumns: undefined });
    expect(() => generateOperator({ subscribers: 10, callEdges: 'yes' as never })).toThrow(OptionsError);
    expect(() => generateOperator({ subscribers: 10, callEdges: 'yes' as never })).toThrow(/callEdges/);
  });

  test('every timestamp is a whole-second UTC instant inside the window', () => {
    const lo = '2024-01-01T00:00:00Z';
    const hi = '2024-07-01T00:00:00Z';
    const bad = [...op.pings, ...op.interactions].filter(
      (x) => new Date(x.timestamp).toISOString() !== x.timestamp.replace('Z', '.000Z') || x.timestamp < lo || x.timestamp >= hi,
    );
    expect(bad).toEqual([]);
  });
});

describe('generateOperator: bad options, progress and abort', () => {
  test.each([
    [{ subscribers: 0 }, /subscribers must be an integer/],
    [{ subscribers: 1.5 }, /subscribers must be an integer/],
    [{ subscribers: Number.NaN }, /subscribers must be an integer/],
    [{ months: 0 }, /months must be an integer/],
    [{ months: 121 }, /months must be an integer/],
    [{ offers: 0 }, /offers must be an integer/],
    [{ seed: 0.5 }, /option seed must be an integer in \[0, 2³²\), got 0.5/],
    [{ seed: -1 }, /option seed must be an integer in \[0, 2³²\)/],
    [{ seed: 2 ** 32 }, /option seed must be an integer in \[0, 2³²\)/],
    [{ pingsPerSubscriber: 1e8 }, /option pingsPerSubscriber must be a number in \[0, 10000\], got 100000000/],
    [{ subscribers: 1e9 }, /option subscribers must be an integer in \[1, 10000000\]/],
    [{ startMonth: '2024-13' }, /startMonth must be a month/],
    [{ startMonth: '24-01' }, /startMonth must be a month/],
    [{ pingsPerSubscriber: -1 }, /pingsPerSubscriber must be/],
    [{ impressionsPerSubscriber: Number.POSITIVE_INFINITY }, /impressionsPerSubscriber must be/],
  ])('generateOperator(%o) throws an OptionsError naming the option', (opts, re) => {
    expect(() => generateOperator(opts)).toThrow(OptionsError);
    expect(() => generateOperator(opts)).toThrow(re);
    expect(() => generateOperator(opts)).toThrow(/^generateOperator: /);
  });

  test('generateOperator reports progress by stage and stops on an aborted signal', () => {
    const stages = new Set<string>();
    generateOperator({ subscribers: 500, months: 2, onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['subscribers', 'graph', 'churn', 'usage', 'callEdges', 'pings', 'interactions', 'organic']);
    const ctl = new AbortController();
    ctl.abort();
    expect(() => generateOperator({ subscribers: 500, signal: ctl.signal })).toThrow(AbortError);
    const late = new AbortController();
    expect(() =>
      generateOperator({ subscribers: 500, signal: late.signal, onProgress: (p) => p.stage === 'usage' && late.abort() }),
    ).toThrow(AbortError);
  });
});

describe('generateOperator: realistic aggregates (12,000 subscribers × 6 months, seed 1)', () => {
  test('monthly churn rate is between 2 % and 4 % in every month and in the outcome month', () => {
    for (let t = 0; t <= M; t++) {
      let risk = 0;
      let left = 0;
      for (let i = 0; i < N; i++) {
        const c = truth.churnMonth[i]!;
        if (c < 0 || c >= t) {
          risk++;
          if (c === t) left++;
        }
      }
      expect(left / risk).toBeGreaterThan(0.02);
      expect(left / risk).toBeLessThan(0.04);
    }
  });

  test('the true hazard is calibrated: its mean over the at-risk subscribers matches the outcome churn rate (±0.5 pp)', () => {
    const h = atRisk.map((i) => truth.churnHazard[i]!);
    const y = atRisk.map((i) => truth.churned[i]!);
    expect(Math.abs(mean(h) - mean(y))).toBeLessThan(0.005);
    expect(mean(atRisk.filter((i) => truth.churned[i]).map((i) => truth.churnHazard[i]!))).toBeGreaterThan(1.3 * mean(h));
  });

  test('monthly bill is log-normal-like: median 50–120, p90/p10 above 4, all bills ≥ the plan fee', () => {
    const bills = op.usage.map((u) => u.billedAmount);
    expect(quantile(bills, 0.5)).toBeGreaterThan(50);
    expect(quantile(bills, 0.5)).toBeLessThan(120);
    expect(quantile(bills, 0.9) / quantile(bills, 0.1)).toBeGreaterThan(4);
    expect(op.usage.filter((u) => u.billedAmount < u.monthlyFee)).toEqual([]);
  });

  test('data use is long-tailed: p99 above 8 × the median; app MB add up to dataMB within rounding', () => {
    const data = op.usage.map((u) => u.dataMB);
    expect(quantile(data, 0.99)).toBeGreaterThan(8 * quantile(data, 0.5));
    const bad = op.usage.filter((u) => {
      const apps = u.appVideoMB! + u.appSocialMB! + u.appGamesMB! + u.appTravelMB! + u.appShoppingMB! + u.appNewsMB! + u.appMusicMB! + u.appOtherMB!;
      return Math.abs(apps - u.dataMB) > 8 || u.nightDataMB > u.dataMB;
    });
    expect(bad).toEqual([]);
  });

  test('persona shares match PERSONAS within 1.5 pp', () => {
    PERSONAS.forEach((p, k) => {
      let c = 0;
      for (let i = 0; i < N; i++) if (truth.personaIndex[i] === k) c++;
      expect(Math.abs(c / N - p.share)).toBeLessThan(0.015);
    });
  });

  test('persona behaviour: night users have the highest night share, voice users the most minutes, families the most secondary cards, travellers the most away calls', () => {
    const by = PERSONAS.map(() => ({ night: 0, data: 0, voice: 0, rows: 0, away: 0, out: 0, cards: 0, subs: 0 }));
    for (const u of op.usage) {
      const b = by[truth.personaIndex[index.get(u.subscriberId)!]!]!;
      b.night += u.nightDataMB;
      b.data += u.dataMB;
      b.voice += u.localVoiceMinutes + u.longDistanceVoiceMinutes + u.roamingVoiceMinutes;
      b.away += u.awayWeekdayCalls!;
      b.out += u.callsOut;
      b.rows++;
    }
    op.subscribers.forEach((s, i) => {
      const b = by[truth.personaIndex[i]!]!;
      b.cards += s.secondaryCards!;
      b.subs++;
    });
    const id = (name: string) => PERSONAS.findIndex((p) => p.id === name);
    const nightShare = by.map((b) => b.night / b.data);
    const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
    expect(argmax(nightShare)).toBe(id('night_entertainment'));
    expect(nightShare[id('night_entertainment')]!).toBeGreaterThan(0.45);
    for (const [k, s] of nightShare.entries()) if (k !== id('night_entertainment')) expect(s).toBeLessThan(0.35);
    expect(argmax(by.map((b) => b.voice / b.rows))).toBe(id('business_potential'));
    expect(argmax(by.map((b) => b.cards / b.subs))).toBe(id('family_secondary'));
    expect(argmax(by.map((b) => b.away / b.out))).toBe(id('frequent_traveller'));
    expect(argmax(by.map((b) => b.data / b.rows))).toBe(id('night_entertainment'));
  });

  test("churners' data trend and complaints differ from stayers' before the outcome month", () => {
    const trend = (i: number) => {
      const r = usageBy[i]!;
      return Math.log((r[M - 1]!.dataMB + 1) / ((r[0]!.dataMB + r[1]!.dataMB + r[2]!.dataMB) / 3 + 1));
    };
    const churners = atRisk.filter((i) => truth.churned[i]);
    const stayers = atRisk.filter((i) => !truth.churned[i]);
    expect(churners.length).toBeGreaterThan(200);
    expect(mean(churners.map(trend))).toBeLessThan(mean(stayers.map(trend)) - 0.4);
    // share whose data fell by half or more: far higher among churners
    const fell = (xs: number[]) => xs.filter((i) => trend(i) < Math.log(0.5)).length / xs.length;
    expect(fell(churners)).toBeGreaterThan(3 * fell(stayers));
    const complaints = (i: number) => usageBy[i]!.slice(M - 2).reduce((s, u) => s + u.complaints!, 0);
    expect(mean(churners.map(complaints))).toBeGreaterThan(3 * mean(stayers.map(complaints)));
  });

  test('churn is higher early in tenure and lower on contracts', () => {
    const tenure = (i: number) => {
      const [y, m] = op.subscribers[i]!.joinDate.split('-').map(Number) as [number, number];
      return (2024 - y) * 12 + (1 - m);
    };
    const early = atRisk.filter((i) => tenure(i) < 6).map((i) => truth.churnHazard[i]!);
    const late = atRisk.filter((i) => tenure(i) > 48).map((i) => truth.churnHazard[i]!);
    expect(mean(early)).toBeGreaterThan(1.5 * mean(late));
    const onContract = atRisk.filter((i) => op.subscribers[i]!.discountId?.startsWith('C')).map((i) => truth.churnHazard[i]!);
    const postpaidNoContract = atRisk
      .filter((i) => op.subscribers[i]!.paymentPlan === 'postpaid' && !op.subscribers[i]!.discountId?.startsWith('C'))
      .map((i) => truth.churnHazard[i]!);
    expect(mean(onContract)).toBeLessThan(mean(postpaidNoContract));
  });

  test('the call graph is homophilous: > 70 % of call edges are within a community; communities are single-region and mostly single-persona', () => {
    let intra = 0;
    for (const e of op.callEdges) if (truth.community[index.get(e.callerId)!] === truth.community[index.get(e.calleeId)!]) intra++;
    expect(intra / op.callEdges.length).toBeGreaterThan(0.7);
    const members = new Map<number, number[]>();
    for (let i = 0; i < N; i++) {
      const c = truth.community[i]!;
      if (!members.has(c)) members.set(c, []);
      members.get(c)!.push(i);
    }
    let majority = 0;
    for (const ms of members.values()) {
      expect(new Set(ms.map((i) => op.subscribers[i]!.regionCode)).size).toBe(1);
      const counts = new Map<number, number>();
      for (const i of ms) counts.set(truth.personaIndex[i]!, (counts.get(truth.personaIndex[i]!) ?? 0) + 1);
      majority += Math.max(...counts.values()) / ms.length;
    }
    expect(majority / members.size).toBeGreaterThan(0.6);
  });

  test('churn spreads through the call graph: a churned call neighbour raises the outcome churn rate', () => {
    const nb: Set<number>[] = Array.from({ length: N }, () => new Set());
    for (const e of op.callEdges) {
      const a = index.get(e.callerId)!;
      const b = index.get(e.calleeId)!;
      nb[a]!.add(b);
      nb[b]!.add(a);
    }
    const exposed: number[] = [];
    const unexposed: number[] = [];
    for (const i of atRisk) {
      let k = false;
      for (const j of nb[i]!) if (truth.churnMonth[j]! >= M - 2 && truth.churnMonth[j]! < M) k = true;
      (k ? exposed : unexposed).push(truth.churned[i]!);
    }
    expect(exposed.length).toBeGreaterThan(300);
    expect(mean(exposed)).toBeGreaterThan(1.3 * mean(unexposed));
  });

  test('offer uptake follows the true affinity: accepted offers have far higher affinity than the average pair and than shown ones; accept rate 1–6 % of impressions', () => {
    const O = op.offers.length;
    const offerIndex = new Map(op.offers.map((o, j) => [o.id, j]));
    const aff = (x: { subscriberId: string; offerId: string }) => truth.offerAffinity[index.get(x.subscriberId)! * O + offerIndex.get(x.offerId)!]!;
    const impressions = op.interactions.filter((x) => x.kind === 'impression');
    const accepts = op.interactions.filter((x) => x.kind === 'accept');
    const campaignAccepts = accepts.filter((x) => x.campaignId !== undefined);
    expect(campaignAccepts.length / impressions.length).toBeGreaterThan(0.01);
    expect(campaignAccepts.length / impressions.length).toBeLessThan(0.06);
    expect(mean(accepts.map(aff))).toBeGreaterThan(3 * mean(truth.offerAffinity));
    expect(mean(accepts.map(aff))).toBeGreaterThan(1.5 * mean(impressions.map(aff)));
    for (let k = 0; k < truth.offerAffinity.length; k += 997) {
      expect(truth.offerAffinity[k]).toBeGreaterThan(0);
      expect(truth.offerAffinity[k]).toBeLessThan(1);
    }
    // persona drives affinity: persona-mean affinity profiles differ between personas
    const personaMean = PERSONAS.map((_, p) => {
      const row = new Float64Array(O);
      let c = 0;
      for (let i = 0; i < N; i++) {
        if (truth.personaIndex[i] !== p) continue;
        c++;
        for (let j = 0; j < O; j++) row[j]! += truth.offerAffinity[i * O + j]!;
      }
      return Array.from(row, (v) => v / c);
    });
    const best = personaMean.map((row) => row.indexOf(Math.max(...row)));
    expect(new Set(best).size).toBeGreaterThanOrEqual(5);
  });
});

describe('generateOperator option ranges', () => {
  test('startMonth outside 1986–2045 and seeds outside 32 bits are rejected (records would fail the schema or seeds would alias)', async () => {
    const { generateOperator, OptionsError } = await import('telcokit');
    expect(() => generateOperator({ subscribers: 10, startMonth: '1960-01' })).toThrow(OptionsError);
    expect(() => generateOperator({ subscribers: 10, startMonth: '2060-01' })).toThrow(/from 1986-01 to 2045-12/);
    expect(() => generateOperator({ subscribers: 10, seed: 2 ** 32 })).toThrow(/option seed must be an integer in \[0, 2³²\)/);
  });
});
