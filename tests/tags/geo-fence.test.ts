import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DataError, applyTagCatalogue, geoFenceTag } from 'telcokit';
import type { GeoFencePing } from 'telcokit';
import { parseInstant } from '../../src/tags/geo-fence-tag.js';

const R = 6371.0088;
const rad = Math.PI / 180;
/** Destination point at `km` along `bearingDeg` from (lat, lon): the standard spherical formula. */
function destination(lat: number, lon: number, km: number, bearingDeg: number): [number, number] {
  const d = km / R;
  const p1 = lat * rad;
  const l1 = lon * rad;
  const b = bearingDeg * rad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [p2 / rad, (((l2 / rad + 540) % 360) - 180)];
}
function haversineKm(a: number, b: number, c: number, d: number): number {
  const h = Math.sin(((c - a) * rad) / 2) ** 2 + Math.cos(a * rad) * Math.cos(c * rad) * Math.sin(((d - b) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

const cbd = { lat: 31.2304, lon: 121.4737 };
// Monday 2024-03-04, 12:00 in UTC+8
const MONDAY_NOON = '2024-03-04T12:00:00+08:00';
const lunch = { center: cbd, radiusKm: 3, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '11:30', to: '13:30', utcOffsetMinutes: 480 };

function ping(id: string, km: number, bearing: number, timestamp = MONDAY_NOON): GeoFencePing {
  const [latitude, longitude] = destination(cbd.lat, cbd.lon, km, bearing);
  return { subscriberId: id, timestamp, latitude, longitude };
}

describe('geoFenceTag', () => {
  test('geoFenceTag keeps pings within the radius, on every bearing', () => {
    const pings: GeoFencePing[] = [];
    for (let b = 0; b < 360; b += 15) {
      pings.push(ping(`in${b}`, 2.99, b), ping(`out${b}`, 3.01, b), ping(`near${b}`, 0.5, b));
    }
    const r = geoFenceTag(pings, lunch);
    expect(r.ids.filter((id) => id.startsWith('out'))).toEqual([]);
    expect(r.ids.length).toBe(48);
    expect(r.pings.every((c) => c === 1)).toBe(true);
  });
  test('the haversine distance Paris → London is 343.56 km (R = 6371.0088 km)', () => {
    const london = [{ subscriberId: 'x', timestamp: '2024-01-01T00:00:00Z', latitude: 51.5074, longitude: -0.1278 }];
    expect(geoFenceTag(london, { center: { lat: 48.8566, lon: 2.3522 }, radiusKm: 343.55 }).ids).toEqual([]);
    expect(geoFenceTag(london, { center: { lat: 48.8566, lon: 2.3522 }, radiusKm: 343.57 }).ids).toEqual(['x']);
  });
  test('the weekday and the local time window decide (UTC+8, 11:30–13:30, window end exclusive)', () => {
    const at = (id: string, ts: string) => ping(id, 1, 90, ts);
    const r = geoFenceTag(
      [
        at('mon_1130', '2024-03-04T11:30:00+08:00'),
        at('mon_1329', '2024-03-04T13:29:59+08:00'),
        at('mon_1330', '2024-03-04T13:30:00+08:00'),
        at('mon_utc', '2024-03-04T04:00:00Z'), // 12:00 local
        at('sun_noon', '2024-03-03T12:00:00+08:00'),
        at('mon_1129', '2024-03-04T11:29:00+08:00'),
        at('sat_utc_fri_local', '2024-03-08T05:00:00.250Z'), // Friday 13:00 local
        at('no_zone', '2024-03-04T04:15:00'), // no designator: UTC
      ],
      lunch,
    );
    expect(r.ids).toEqual(['mon_1130', 'mon_1329', 'mon_utc', 'sat_utc_fri_local', 'no_zone']);
  });
  test('a window that wraps midnight, and weekday numbers', () => {
    const at = (id: string, ts: string) => ping(id, 1, 0, ts);
    const r = geoFenceTag([at('late', '2024-03-04T23:30:00Z'), at('early', '2024-03-05T05:59:00Z'), at('day', '2024-03-05T12:00:00Z')], {
      center: cbd,
      radiusKm: 3,
      from: '22:00',
      to: '06:00',
      days: [1, 2],
    });
    expect(r.ids).toEqual(['late', 'early']);
  });
  test('minPings and minDays count qualifying pings and distinct local days', () => {
    const pings = [
      ping('a', 1, 0, '2024-03-04T12:00:00+08:00'),
      ping('a', 1, 0, '2024-03-04T12:30:00+08:00'),
      ping('b', 1, 0, '2024-03-04T12:00:00+08:00'),
      ping('b', 1, 0, '2024-03-05T12:00:00+08:00'),
      ping('c', 1, 0, '2024-03-05T12:00:00+08:00'),
      ping('a', 9, 0, '2024-03-06T12:00:00+08:00'),
    ];
    expect(geoFenceTag(pings, lunch)).toEqual({ ids: ['a', 'b', 'c'], pings: [2, 2, 1], days: [1, 2, 1] });
    expect(geoFenceTag(pings, { ...lunch, minPings: 2 }).ids).toEqual(['a', 'b']);
    expect(geoFenceTag(pings, { ...lunch, minDays: 2 }).ids).toEqual(['b']);
  });
  test('cell-id pings resolve through options.cells; column form equals records', () => {
    const [la, lo] = destination(cbd.lat, cbd.lon, 2, 45);
    const cells = { inside: { lat: la, lon: lo }, outside: { lat: 31.5, lon: 121.9 } };
    const recs: GeoFencePing[] = [
      { subscriberId: 'a', timestamp: MONDAY_NOON, cellId: 'inside' },
      { subscriberId: 'b', timestamp: MONDAY_NOON, cellId: 'outside' },
      { subscriberId: 'c', timestamp: MONDAY_NOON, cellId: 'inside' },
      ping('d', 1, 200),
    ];
    const r = geoFenceTag(recs, { ...lunch, cells });
    expect(r.ids).toEqual(['a', 'c', 'd']);
    const cols = {
      subscriberIds: recs.map((p) => p.subscriberId),
      timestamps: Float64Array.from(recs, (p) => Date.parse(p.timestamp)),
      latitudes: Float64Array.from(recs, (p) => p.latitude ?? NaN),
      longitudes: Float64Array.from(recs, (p) => p.longitude ?? NaN),
      cellIds: recs.map((p) => p.cellId),
    };
    expect(geoFenceTag(cols, { ...lunch, cells })).toEqual(r);
    expect(() => geoFenceTag(recs, lunch)).toThrow(/ping 0 has cell 'inside', which options.cells does not list/);
  });
  test('options.index gives a bitset over the index ids', () => {
    const index = applyTagCatalogue({ tags: [{ id: 'any', label: 'Any', level: 1, rule: { field: 'x', exists: true } }] }, [
      { id: 'a', x: 1 },
      { id: 'b', x: 1 },
      { id: 'c', x: 1 },
    ]);
    const r = geoFenceTag([ping('c', 1, 0), ping('zz', 1, 0), ping('a', 1, 0)], { ...lunch, index });
    expect(r.ids).toEqual(['c', 'zz', 'a']);
    expect(Array.from(r.bitset!)).toEqual([0b101]);
  });
  test('fences across the antimeridian and near a pole', () => {
    const fiji = { lat: -17, lon: 179.99 };
    const [la, lo] = destination(fiji.lat, fiji.lon, 4, 90); // lands at about −179.97
    expect(lo).toBeLessThan(-179);
    const p = [{ subscriberId: 'x', timestamp: MONDAY_NOON, latitude: la, longitude: lo }];
    expect(geoFenceTag(p, { center: fiji, radiusKm: 5 }).ids).toEqual(['x']);
    expect(geoFenceTag(p, { center: fiji, radiusKm: 3 }).ids).toEqual([]);
    const pole = [{ subscriberId: 'y', timestamp: MONDAY_NOON, latitude: 89.99, longitude: -100 }];
    expect(geoFenceTag(pole, { center: { lat: 89.995, lon: 80 }, radiusKm: 2 }).ids).toEqual(['y']);
  });
  test('agrees with a brute-force haversine oracle (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true })), { maxLength: 60 }),
        (lat, lon, radiusKm, pts) => {
          const pings = pts.map(([f, b], i) => {
            const [la, lo] = destination(lat, lon, f * radiusKm, b);
            return { subscriberId: `p${i}`, timestamp: '2024-01-01T00:00:00Z', latitude: la, longitude: lo };
          });
          const got = new Set(geoFenceTag(pings, { center: { lat, lon }, radiusKm }).ids);
          for (const p of pings) {
            const d = haversineKm(lat, lon, p.latitude, p.longitude);
            if (Math.abs(d - radiusKm) < 1e-6 * radiusKm) continue;
            expect(got.has(p.subscriberId)).toBe(d <= radiusKm);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
  test('parseInstant agrees with Date.parse on ISO forms', () => {
    for (const s of ['2024-03-04T12:00:00Z', '2024-03-04T12:00:00.123+08:00', '2024-03-04T12:00+0530', '1969-12-31T23:59:59-01:00', '2000-02-29T00:00:00.5Z', '2024-03-04 12:00:00Z']) {
      expect(parseInstant(s)).toBe(Date.parse(s.replace(' ', 'T')));
    }
    expect(parseInstant('2024-03-04T04:15:00')).toBe(Date.parse('2024-03-04T04:15:00Z'));
    expect(parseInstant('not a date')).toBeNaN();
  });
  test('parseInstant: ±HH offsets, 24:00, real calendar days; anything else is NaN (no Date.parse fallback)', () => {
    expect(parseInstant('2024-03-04T12:00:00+08')).toBe(Date.parse('2024-03-04T12:00:00+08:00'));
    expect(parseInstant('2024-03-04T12:00-05')).toBe(Date.parse('2024-03-04T17:00:00Z'));
    expect(parseInstant('2024-03-04T24:00')).toBe(Date.parse('2024-03-05T00:00:00Z'));
    expect(parseInstant('2024-03-04T24:00:00.000+01:00')).toBe(Date.parse('2024-03-04T23:00:00Z'));
    expect(parseInstant('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseInstant('2024-03-04T12:00:00.123456Z')).toBe(Date.parse('2024-03-04T12:00:00.123Z'));
    for (const bad of [
      '2024-02-31T00:00:00Z', // no 31 February
      '2023-02-29T00:00:00Z', // not a leap year
      '2024-04-31T00:00:00Z',
      '2024-03-04T24:30:00Z', // hour 24 only as 24:00
      '2024-03-04T24:00:01Z',
      '2024-03-04T12:00:00+0', // truncated offset
      '2024-03-04T12:00:00+08:0',
      '2024-03-04T12:00:00+24:00',
      '2024-03-04T12:00:00.Z', // a dot with no digits
      '2024-03-04T12:00:00 junk',
      '2024-03-04', // a date alone (Date.parse reads it as UTC midnight)
      'Mon Mar 04 2024 12:00:00', // Date.parse reads this in the host time zone
      '2024-03-04T12:00:00 GMT+0800',
    ]) {
      expect(parseInstant(bad), bad).toBeNaN();
    }
  });
  test('geoFenceTag: a timestamp outside the ISO form is a DataError naming the ping and the value', () => {
    const pings = [ping('a', 1, 0), ping('b', 1, 0, 'Mon Mar 04 2024 12:00:00'), ping('c', 1, 0, '2024-02-31T12:00:00+08:00')];
    expect(() => geoFenceTag(pings, lunch)).toThrow(DataError);
    expect(() => geoFenceTag(pings, lunch)).toThrow(/geoFenceTag: ping 1 has timestamp "Mon Mar 04 2024 12:00:00", not an ISO-8601 instant/);
    expect(() => geoFenceTag([pings[0]!, pings[2]!], lunch)).toThrow(/geoFenceTag: ping 1 has timestamp "2024-02-31T12:00:00\+08:00"/);
    expect(geoFenceTag([ping('a', 1, 0, '2024-03-04T12:00:00+08')], lunch).ids).toEqual(['a']);
  });
  test('a radius of πR or more covers the whole Earth (the antipode included)', () => {
    const antipode = { subscriberId: 'anti', timestamp: '2024-01-01T00:00:00Z', latitude: -cbd.lat, longitude: cbd.lon - 180 };
    const far = { subscriberId: 'far', timestamp: '2024-01-01T00:00:00Z', latitude: 0, longitude: 0 };
    for (const radiusKm of [Math.PI * R, 25_000, 30_000, 1e6]) {
      expect(geoFenceTag([antipode, far], { center: cbd, radiusKm }).ids, String(radiusKm)).toEqual(['anti', 'far']);
    }
    // just under πR the antipode stays out
    expect(geoFenceTag([antipode, far], { center: cbd, radiusKm: Math.PI * R - 1 }).ids).toEqual(['far']);
  });
  test("a window wrapping midnight belongs to the day it started: 22:00–02:00 on 'fri' includes Saturday 00:00–02:00", () => {
    const at = (id: string, ts: string) => ping(id, 1, 0, ts);
    const night = { center: cbd, radiusKm: 3, days: ['fri'] as const, from: '22:00', to: '02:00', utcOffsetMinutes: 480 };
    const pings = [
      at('fri_2300', '2024-03-08T23:00:00+08:00'),
      at('sat_0100', '2024-03-09T01:00:00+08:00'), // Friday's window
      at('sat_0159', '2024-03-09T01:59:00+08:00'),
      at('sat_0200', '2024-03-09T02:00:00+08:00'), // end exclusive
      at('fri_0100', '2024-03-08T01:00:00+08:00'), // Thursday's window
      at('sat_2300', '2024-03-09T23:00:00+08:00'), // Saturday's window
      at('fri_2159', '2024-03-08T21:59:00+08:00'),
    ];
    expect(geoFenceTag(pings, night).ids).toEqual(['fri_2300', 'sat_0100', 'sat_0159']);
    expect(geoFenceTag(pings, { ...night, days: ['thu'] }).ids).toEqual(['fri_0100']);
    // Friday 23:00 and Saturday 01:00 are one night: one day for minDays
    const one = [at('x', '2024-03-08T23:00:00+08:00'), at('x', '2024-03-09T01:00:00+08:00')];
    expect(geoFenceTag(one, night)).toEqual({ ids: ['x'], pings: [2], days: [1] });
    expect(geoFenceTag(one, { ...night, minDays: 2 }).ids).toEqual([]);
  });
  test('bad input: centre, radius, times, weekdays, timestamps, missing coordinates', () => {
    const p = [ping('a', 1, 0)];
    expect(() => geoFenceTag(p, { center: { lat: 91, lon: 0 }, radiusKm: 1 })).toThrow(/geoFenceTag: center must be/);
    expect(() => geoFenceTag(p, { center: cbd, radiusKm: 0 })).toThrow(/radiusKm must be a positive number/);
    expect(() => geoFenceTag(p, { center: cbd, radiusKm: NaN })).toThrow(DataError);
    expect(() => geoFenceTag(p, { center: cbd, radiusKm: 1, from: '25:00' })).toThrow(/from must be 'HH:MM'/);
    expect(() => geoFenceTag(p, { center: cbd, radiusKm: 1, to: '9.30' })).toThrow(/to must be 'HH:MM'/);
    expect(() => geoFenceTag(p, { center: cbd, radiusKm: 1, days: ['funday' as never] })).toThrow(/unknown weekday "funday"/);
    expect(() => geoFenceTag([{ ...p[0]!, timestamp: 'yesterday' }], { center: cbd, radiusKm: 3 })).toThrow(/ping 0 has timestamp "yesterday"/);
    expect(() => geoFenceTag([{ subscriberId: 'a', timestamp: MONDAY_NOON }], { center: cbd, radiusKm: 3 })).toThrow(/ping 0 has neither coordinates nor a cell id/);
    expect(() => geoFenceTag({ subscriberIds: ['a'], timestamps: new Float64Array(2), latitudes: new Float64Array(1), longitudes: new Float64Array(1) }, { center: cbd, radiusKm: 3 })).toThrow(
      /timestamps has 2 entries for 1 subscriberIds/,
    );
    expect(geoFenceTag([], { center: cbd, radiusKm: 3 })).toEqual({ ids: [], pings: [], days: [] });
  });
});
