import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DECAY_FIELDS, DataError, createProfileState, decayedAggregates, profileStateMeans, updateProfile } from 'telcokit';
import type { ProfileState, UsageMonth } from 'telcokit';

function monthStr(k: number): string {
  const y = 2020 + Math.floor(k / 12);
  const m = (k % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

const value = fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true });
const record = (k: number) =>
  fc.record({ data: value, bill: value, voice: value, complaints: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }).map(
    (r): UsageMonth => ({
      subscriberId: 's1',
      month: monthStr(k),
      localVoiceMinutes: r.voice,
      longDistanceVoiceMinutes: 1,
      roamingVoiceMinutes: 0,
      callsOut: 3,
      callsIn: 4,
      smsCount: 0,
      dataMB: r.data,
      nightDataMB: r.data / 2,
      monthlyFee: 10,
      billedAmount: r.bill,
      ...(r.complaints === undefined ? {} : { complaints: r.complaints }),
    }),
  );
const history = fc
  .uniqueArray(fc.integer({ min: 0, max: 47 }), { minLength: 1, maxLength: 12 })
  .chain((ks) => fc.tuple(...ks.map(record)))
  .map((recs) => recs as UsageMonth[]);

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
function sameState(a: ProfileState, b: ProfileState): void {
  expect(a.lastMonth).toBe(b.lastMonth);
  expect(a.asOf).toBe(b.asOf);
  expect(a.months).toBe(b.months);
  expect(close(a.weight, b.weight)).toBe(true);
  for (const f of DECAY_FIELDS) {
    expect(close(a.sums[f], b.sums[f]), `${f}: ${a.sums[f]} vs ${b.sums[f]}`).toBe(true);
    expect(close(a.weights[f], b.weights[f])).toBe(true);
  }
}

describe('decay: incremental equals batch', () => {
  test('folding updateProfile month by month equals createProfileState on the full history (1e-9 relative)', () => {
    fc.assert(
      fc.property(history, fc.double({ min: 0.25, max: 24, noNaN: true }), (hist, halfLifeMonths) => {
        const batch = createProfileState(hist, { halfLifeMonths });
        const sorted = [...hist].sort((a, b) => (a.month < b.month ? -1 : 1));
        let s = createProfileState([sorted[0]!], { halfLifeMonths });
        for (const r of sorted.slice(1)) s = updateProfile(s, r);
        sameState(s, batch);
        // from an empty state too
        let e = createProfileState([], { subscriberId: 's1', asOf: sorted[0]!.month, halfLifeMonths });
        for (const r of sorted) e = updateProfile(e, r);
        sameState(e, batch);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  test('decayedAggregates(usage) equals the batch state means', () => {
    fc.assert(
      fc.property(history, (hist) => {
        const m = decayedAggregates(hist, { halfLifeMonths: 2 });
        const means = profileStateMeans(createProfileState(hist, { halfLifeMonths: 2 }));
        for (const f of ['dataMB', 'billedAmount', 'voiceMinutes', 'complaints'] as const) {
          const v = m.values[m.columns.indexOf(`${f}_ewm`)]!;
          if (Number.isNaN(means[f])) expect(v).toBeNaN();
          else expect(close(v, means[f])).toBe(true);
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('decay: exact values and bad input', () => {
  const r = (month: string, dataMB: number, id = 's1'): UsageMonth => ({
    subscriberId: id, month, localVoiceMinutes: 0, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0,
    callsOut: 0, callsIn: 0, smsCount: 0, dataMB, nightDataMB: 0, monthlyFee: 0, billedAmount: 0,
  });

  test('decayedAggregates weights a month h months old by 1/2', () => {
    const m = decayedAggregates([r('2024-03', 400), r('2024-01', 100), r('2024-03', 7, 's2')], { halfLifeMonths: 2 });
    expect(m.rowIds).toEqual(['s1', 's2']);
    expect(m.values[m.columns.indexOf('dataMB_ews')]).toBeCloseTo(450, 12);
    expect(m.values[m.columns.indexOf('dataMB_ewm')]).toBeCloseTo(450 / 1.5, 12);
    expect(m.values[m.columns.indexOf('decayWeight')]).toBeCloseTo(1.5, 12);
    expect(m.values[m.nCols + m.columns.indexOf('dataMB_ewm')]).toBe(7);
    expect(m.values[m.columns.indexOf('complaints_ewm')]).toBeNaN();
  });

  test('the state is plain JSON data', () => {
    const s = createProfileState([r('2024-01', 1), r('2024-02', 2)], { halfLifeMonths: 3 });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  test('updateProfile rejects out-of-order and duplicated months, other subscribers; never mutates', () => {
    const s = Object.freeze(createProfileState([r('2024-01', 1), r('2024-03', 2)], { halfLifeMonths: 3 }));
    expect(() => updateProfile(s, r('2024-03', 5))).toThrow(/duplicated/);
    expect(() => updateProfile(s, r('2024-02', 5))).toThrow(/out of order/);
    expect(() => updateProfile(s, r('2024-04', 5, 'other'))).toThrow(DataError);
    expect(() => updateProfile({} as ProfileState, r('2024-04', 5))).toThrow(/not a profile state/);
    const before = JSON.stringify(s);
    updateProfile(s, r('2024-05', 5));
    expect(JSON.stringify(s)).toBe(before);
  });

  test('createProfileState / decayedAggregates reject duplicates, mixed subscribers, bad half-life, empty usage', () => {
    expect(() => createProfileState([r('2024-01', 1), r('2024-01', 2)])).toThrow(/duplicated usage for subscriber "s1" in month 2024-01/);
    expect(() => createProfileState([r('2024-01', 1), r('2024-02', 2, 'x')])).toThrow(/mixes 2 subscribers/);
    expect(() => createProfileState([r('2024-01', 1)], { halfLifeMonths: 0 })).toThrow(/halfLifeMonths/);
    expect(() => createProfileState([])).toThrow(DataError);
    expect(() => decayedAggregates([])).toThrow(/empty/);
    expect(() => decayedAggregates([r('2024-01', Infinity)])).toThrow(/Infinity/);
  });
});

describe('ProfileState through serializeModel / parseModel', () => {
  test('a state round-trips exactly and is validated on load', async () => {
    const { createProfileState, parseModel, serializeModel, generateOperator } = await import('telcokit');
    const op = generateOperator({ subscribers: 20, months: 4, seed: 3, callEdges: false, pingsPerSubscriber: 0 });
    const id = op.usage[0]!.subscriberId;
    const state = createProfileState(op.usage.filter((u) => u.subscriberId === id), { halfLifeMonths: 2 });
    const text = serializeModel(state);
    expect(serializeModel(parseModel(text, 'features/profile-state'))).toBe(text);
    expect(() => parseModel(text.replace('"halfLifeMonths":2', '"halfLifeMonths":-2'))).toThrow(/halfLifeMonths/);
  });
});
