import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  CallEdgeSchema,
  generateOperator,
  InteractionSchema,
  LocationPingSchema,
  OfferSchema,
  SubscriberSchema,
  UsageMonthSchema,
  validateRecords,
} from 'telcokit';

describe('generateOperator properties (small operators, any seed and window)', () => {
  test('every record validates, usage covers exactly the active months, truth arrays line up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        (n, months, offers, seed, year, month) => {
          const startMonth = `${year}-${String(month).padStart(2, '0')}`;
          const op = generateOperator({ subscribers: n, months, offers, seed, startMonth });
          for (const [schema, rows] of [
            [SubscriberSchema, op.subscribers],
            [UsageMonthSchema, op.usage],
            [CallEdgeSchema, op.callEdges],
            [LocationPingSchema, op.pings],
            [OfferSchema, op.offers],
            [InteractionSchema, op.interactions],
          ] as const) {
            expect(validateRecords(schema, rows as readonly unknown[], { coerce: false }).errors).toEqual([]);
          }
          const t = op.truth;
          expect(t.months[0]).toBe(startMonth);
          expect(t.months.length).toBe(months);
          let active = 0;
          for (let i = 0; i < n; i++) {
            const cm = t.churnMonth[i]!;
            active += cm >= 0 && cm < months ? cm : months;
            expect(t.churned[i]).toBe(cm === months ? 1 : 0);
            expect(t.churnHazard[i]).toBeGreaterThan(0);
            expect(t.churnHazard[i]).toBeLessThan(1);
          }
          expect(op.usage.length).toBe(active);
          expect(t.offerAffinity.length).toBe(n * offers);
          expect(t.offerAffinity.every((a) => a > 0 && a < 1)).toBe(true);
          const lo = `${startMonth}-01T00:00:00Z`;
          const hi = `${t.outcomeMonth}-01T00:00:00Z`;
          expect([...op.pings, ...op.interactions].every((x) => x.timestamp >= lo && x.timestamp < hi)).toBe(true);
        },
      ),
      { numRuns: 25, seed: 20240601 },
    );
  });
});
